import Fastify from 'fastify';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const server = Fastify();

interface ConvertBody { filename: string; width: number }

server.post<{ Body: ConvertBody }>('/thumbnails', async (request, reply) => {
  const filename = path.basename(request.body.filename);
  const width = Number(request.body.width);
  const output = execFileSync('convert', [`uploads/${filename}`, '-resize', String(width), `thumbs/${filename}`]);
  return reply.send({ ok: true, log: output.toString() });
});

server.listen({ port: 4000 });
