import type { NextFunction, Request, Response } from 'express';
import { TicketService } from '../services/ticket.service';
import { loadAttachment, loadAttachmentSafe, mirrorAll, mirrorAllSafe } from '../services/attachments';

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void> | void;

export const wrap = (fn: Handler): Handler => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);

export class TicketsController {
  constructor(private readonly service: TicketService) {}

  search: Handler = async (req, res) => {
    res.json(await this.service.legacySearch(req.query));
  };

  mine: Handler = async (req, res) => {
    res.json(await this.service.mine(String(res.locals.user)));
  };

  list: Handler = async (req, res) => {
    res.json(await this.service.list(req.query.sort, req.query.v === '2'));
  };

  attachment: Handler = (req, res, next) => {
    const send = (err: Error | null, data?: Buffer) => (err ? next(err) : res.send(data));
    if (req.query.safe) loadAttachmentSafe(req.params.id, req.params.file, send);
    else loadAttachment(req.params.id, req.params.file, send);
  };

  mirror: Handler = async (req, res) => {
    await (req.query.safe ? mirrorAllSafe(req.body.ids) : mirrorAll(req.body.urls));
    res.status(202).end();
  };
}
