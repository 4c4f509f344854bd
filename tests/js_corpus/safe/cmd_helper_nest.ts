import { Body, Controller, Injectable, Post } from '@nestjs/common';
import * as child_process from 'child_process';
import { promisify } from 'util';

const execFileAsync = promisify(child_process.execFile);

@Injectable()
export class BackupService {
  async dumpDatabase(database: string) {
    const { stdout } = await execFileAsync('pg_dump', ['--file', `/backups/${database}.sql`, database]);
    return stdout;
  }
}

class BackupDto { database: string }

@Controller('admin/backups')
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  @Post()
  create(@Body() dto: BackupDto) {
    return this.backups.dumpDatabase(dto.database);
  }
}
