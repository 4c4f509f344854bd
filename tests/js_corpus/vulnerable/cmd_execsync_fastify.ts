// cwe: CWE-78
import Fastify from 'fastify';
import { execSync } from 'node:child_process';

const server = Fastify();

interface ConvertBody { filename: string; width: number }

server.post<{ Body: ConvertBody }>('/thumbnails', async (request, reply) => {
  const { filename, width } = request.body;
  const output = execSync('convert uploads/' + filename + ' -resize ' + width + ' thumbs/' + filename);
  return reply.send({ ok: true, log: output.toString() });
});

server.listen({ port: 4000 });
