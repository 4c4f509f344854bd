// cwe: CWE-22
import { Controller, Get, Param, Res } from '@nestjs/common';
import { Response } from 'express';

@Controller('reports')
export class ReportsController {
  @Get(':name/download')
  download(@Param('name') name: string, @Res() res: Response) {
    const reportPath = `./storage/reports/${name}`;
    return res.download(reportPath);
  }
}
