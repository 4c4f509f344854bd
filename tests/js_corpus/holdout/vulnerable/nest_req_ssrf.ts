// cwe: CWE-918
import { Controller, Get, Req } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { Request } from 'express';

@Controller('proxy')
export class ProxyController {
  constructor(private readonly http: HttpService) {}

  @Get()
  async forward(@Req() req: Request) {
    const target = req.query.target as string;
    const response = await firstValueFrom(this.http.get(target));
    return response.data;
  }
}
