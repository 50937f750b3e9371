import { Body, Controller, Post } from '@nestjs/common';
import * as vm from 'node:vm';

function compileFormula(formula: string) {
  const script = new vm.Script(`(${formula})`); // vuln: code
  return script;
}

function compileFormulaSafe(formula: string) {
  if (!/^[0-9+\-*/(). ]+$/.test(formula)) {
    throw new Error('invalid formula');
  }
  const script = new vm.Script(`(${formula})`); // safe: code
  return script;
}

@Controller('sheets')
export class SheetsController {
  @Post('cell')
  compute(@Body('formula') formula: string) {
    return compileFormula(formula).runInNewContext({});
  }

  @Post('cell-safe')
  computeSafe(@Body('formula') formula: string) {
    return compileFormulaSafe(formula).runInNewContext({});
  }

  @Post('interval')
  poll(@Body('code') code: string) {
    const handle = setInterval(code, 5000); // vuln: code
    return { id: Number(handle) };
  }
}
