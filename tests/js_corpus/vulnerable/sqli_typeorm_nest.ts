// cwe: CWE-89
import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Controller('articles')
export class ArticlesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('search')
  async search(@Query('term') term: string) {
    const sql = `SELECT id, title FROM article WHERE title LIKE '%${term}%' LIMIT 50`;
    return this.dataSource.query(sql);
  }
}
