// cwe: CWE-78
import { Body, Controller, Injectable, Post } from '@nestjs/common';
import * as child_process from 'child_process';
import { promisify } from 'util';

const execAsync = promisify(child_process.exec);

@Injectable()
export class BackupService {
  async dumpDatabase(database: string) {
    const { stdout } = await execAsync(`pg_dump ${database} > /backups/${database}.sql`);
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
