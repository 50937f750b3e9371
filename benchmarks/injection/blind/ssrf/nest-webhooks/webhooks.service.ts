import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

export class TestWebhookDto {
  url: string;
  event: string;
}

@Injectable()
export class WebhooksService {
  constructor(private readonly http: HttpService) {}

  async sendTest(dto: TestWebhookDto) {
    const res = await firstValueFrom(this.http.post(dto.url, { event: dto.event, test: true })); // vuln: ssrf
    return { status: res.status };
  }

  async sendTestSafe(dto: TestWebhookDto, registeredUrl: string) {
    const res = await firstValueFrom(this.http.post(registeredUrl, { event: dto.event, test: true })); // safe: ssrf
    return { status: res.status };
  }
}
