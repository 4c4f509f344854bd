import { BadRequestException, Controller, Get, Req } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { Request } from 'express';

const UPSTREAMS: Record<string, string> = {
  weather: 'https://api.weather.example.com/v1/today',
  rates: 'https://api.rates.example.com/latest',
};

@Controller('proxy')
export class ProxyController {
  constructor(private readonly http: HttpService) {}

  @Get()
  async forward(@Req() req: Request) {
    const upstream = UPSTREAMS[req.query.target as string];
    if (!upstream) {
      throw new BadRequestException('unknown target');
    }
    const response = await firstValueFrom(this.http.get(upstream));
    return response.data;
  }
}
