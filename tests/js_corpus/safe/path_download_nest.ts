import { BadRequestException, Controller, Get, Param, Res } from '@nestjs/common';
import { Response } from 'express';

const AVAILABLE_REPORTS = ['monthly-sales.pdf', 'quarterly-summary.pdf', 'inventory.csv'];

@Controller('reports')
export class ReportsController {
  @Get(':name/download')
  download(@Param('name') name: string, @Res() res: Response) {
    if (!AVAILABLE_REPORTS.includes(name)) {
      throw new BadRequestException('Unknown report');
    }
    const reportPath = `./storage/reports/${name}`;
    return res.download(reportPath);
  }
}
