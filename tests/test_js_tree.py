"""The syntax-tree checks of the JS/TS rules: flows the regexes could not see, sanitizers, fallbacks, corpus accuracy."""
from __future__ import annotations

import os
import random
import sys

import pytest

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard import scanners
from aiguard.scanners import ScanContext, patterns
from tests.secrets_corpus import ALNUM, rand

CORPUS = os.path.join(os.path.dirname(__file__), 'js_corpus')
SIGNING_KEY = rand(random.Random(16), ALNUM, 20)  # built here: the file holds no key


def fired(text: str, path: str = 'src/app.js') -> list[tuple[str, int]]:
    src = patterns.Source.of(path, text.splitlines())
    return sorted((rule.id, hit.line) for rule, hit in patterns.scan_source(src))


def ids(text: str, path: str = 'src/app.js') -> set[str]:
    return {r for r, _ in fired(text, path)}


# (rule, path, code that has the weakness, the same code written safely)
FLOWS = [
    ('JS003', 'routes/users.js',
     "router.get('/u/:id', (req, res) => {\n  const { id } = req.params;\n  const sql = `SELECT * FROM users WHERE id = ${id}`;\n"
     "  db.query(sql, (e, rows) => res.json(rows));\n});\n",
     "router.get('/u/:id', (req, res) => {\n  const { id } = req.params;\n  const sql = 'SELECT * FROM users WHERE id = ?';\n"
     "  db.query(sql, [id], (e, rows) => res.json(rows));\n});\n"),
    ('JS003', 'src/orders.ts',
     "export async function list(req: Request) {\n  let sql = 'SELECT * FROM orders WHERE 1=1';\n"
     "  if (req.query.status) sql += ` AND status = '${req.query.status}'`;\n  return pool.query(sql);\n}\n",
     "export async function list(req: Request) {\n  let sql = 'SELECT * FROM orders WHERE 1=1';\n  const args = [];\n"
     "  if (req.query.status) { sql += ' AND status = $1'; args.push(req.query.status); }\n  return pool.query(sql, args);\n}\n"),
    ('JS003', 'src/search.js',
     "function byName(name) {\n  return db.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");\n}\n"
     "app.get('/s', async (req, res) => res.json(await byName(req.query.q)));\n",
     "function byName(name) {\n  return db.query('SELECT * FROM users WHERE name = $1', [name]);\n}\n"
     "app.get('/s', async (req, res) => res.json(await byName(req.query.q)));\n"),
    ('JS002', 'src/ping.js',
     "const { exec } = require('child_process');\napp.get('/ping', (req, res) => {\n  const host = req.query.host;\n"
     "  const cmd = 'ping -c 1 ' + host;\n  exec(cmd, (e, out) => res.send(out));\n});\n",
     "const { execFile } = require('child_process');\napp.get('/ping', (req, res) => {\n  const host = req.query.host;\n"
     "  execFile('ping', ['-c', '1', host], (e, out) => res.send(out));\n});\n"),
    ('JS002', 'src/backup.service.ts',
     "import { exec } from 'child_process';\nclass BackupService {\n  dump(db: string) { return exec(`pg_dump ${db}`); }\n}\n"
     "class BackupController {\n  create(@Body() dto: Dto) { return this.backups.dump(dto.database); }\n}\n",
     "import { execFile } from 'child_process';\nclass BackupService {\n  dump(db: string) { return execFile('pg_dump', [db]); }\n}\n"
     "class BackupController {\n  create(@Body() dto: Dto) { return this.backups.dump(dto.database); }\n}\n"),
    ('JS001', 'src/calc.js',
     "app.post('/calc', (req, res) => {\n  const { expression } = req.body;\n  res.json({ value: eval(expression) });\n});\n",
     "app.post('/calc', (req, res) => {\n  const { expression } = req.body;\n  res.json({ value: mathjs.evaluate(expression) });\n});\n"),
    ('JS018', 'src/files.js',
     "app.get('/f/:name', (req, res) => {\n  const file = path.join(UPLOADS, req.params.name);\n  res.sendFile(file);\n});\n",
     "app.get('/f/:name', (req, res) => {\n  const file = path.join(UPLOADS, path.basename(req.params.name));\n  res.sendFile(file);\n});\n"),
    ('JS018', 'pages/api/doc.ts',
     "export default async function handler(req, res) {\n  const file = path.resolve(DOCS, `${req.query.slug}.md`);\n"
     "  res.send(await fs.promises.readFile(file, 'utf8'));\n}\n",
     "export default async function handler(req, res) {\n  const file = path.resolve(DOCS, `${req.query.slug}.md`);\n"
     "  if (!file.startsWith(DOCS + path.sep)) return res.status(400).end();\n  res.send(await fs.promises.readFile(file, 'utf8'));\n}\n"),
    ('JS019', 'src/login.js',
     "router.post('/login', (req, res) => {\n  const next = req.query.next || '/';\n  res.redirect(next);\n});\n",
     "router.post('/login', (req, res) => {\n  const next = req.query.next;\n"
     "  res.redirect(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');\n});\n"),
    ('JS019', 'pages/signin.tsx',
     "export const getServerSideProps = async (context) => {\n  const destination = context.query.callbackUrl;\n"
     "  return { redirect: { destination, permanent: false } };\n};\n",
     "export const getServerSideProps = async (context) => {\n  return { redirect: { destination: '/home', permanent: false } };\n};\n"),
    ('JS020', 'src/hooks.js',
     "app.post('/hook', async (req, res) => {\n  const { url } = req.body;\n  const r = await axios.get(url);\n  res.json(r.data);\n});\n",
     "app.post('/hook', async (req, res) => {\n  const { id } = req.body;\n"
     "  const r = await axios.get(`https://api.example.com/items/${encodeURIComponent(id)}`);\n  res.json(r.data);\n});\n"),
    ('JS004', 'web/search.js',
     "const q = new URLSearchParams(location.search).get('q');\nfunction show(term) {\n"
     "  document.getElementById('out').innerHTML = `<b>${term}</b>`;\n}\nshow(q);\n",
     "const q = new URLSearchParams(location.search).get('q');\nfunction show(term) {\n"
     "  document.getElementById('out').textContent = term;\n}\nshow(q);\n"),
    ('JS004', 'web/widget.js',
     "window.addEventListener('message', (event) => {\n  box.innerHTML = event.data.html;\n});\n",
     "window.addEventListener('message', (event) => {\n  box.innerHTML = DOMPurify.sanitize(event.data.html);\n});\n"),
    ('JS005', 'web/Note.tsx',
     "export function Note({ note }) {\n  const html = marked.parse(note.body);\n"
     "  return <div dangerouslySetInnerHTML={{ __html: html }} />;\n}\n",
     "export function Note({ note }) {\n  const html = DOMPurify.sanitize(marked.parse(note.body));\n"
     "  return <div dangerouslySetInnerHTML={{ __html: html }} />;\n}\n"),
    ('JS006', 'src/greet.js',
     "app.get('/hi', (req, res) => {\n  const name = req.query.name;\n  const page = `<h1>Hi ${name}</h1>`;\n  res.send(page);\n});\n",
     "app.get('/hi', (req, res) => {\n  const name = escapeHtml(req.query.name);\n  const page = `<h1>Hi ${name}</h1>`;\n  res.send(page);\n});\n"),
    ('JS007', 'src/errors.js',
     "app.use((err, req, res, next) => {\n  res.status(500).send(err.message);\n});\n",
     "app.use((err, req, res, next) => {\n  logger.error(err);\n  res.status(500).send('Internal error');\n});\n"),
    ('JS007', 'src/reports.js',
     "fastify.get('/r', async (request, reply) => {\n  try { return await build(); }\n"
     "  catch (e) { return { error: 'failed', trace: e.stack }; }\n});\n",
     "fastify.get('/r', async (request, reply) => {\n  try { return await build(); }\n"
     "  catch (e) { request.log.error(e); return { error: 'failed' }; }\n});\n"),
    ('JS013', 'src/session.ts',
     "function randomString(n: number) {\n  let s = '';\n  for (let i = 0; i < n; i++) s += CHARS[Math.floor(Math.random() * CHARS.length)];\n"
     "  return s;\n}\nexport const newSession = () => { const sessionId = randomString(32); return sessionId; };\n",
     "function randomString(n: number) {\n  return crypto.randomBytes(n).toString('base64url');\n}\n"
     "export const newSession = () => { const sessionId = randomString(32); return sessionId; };\n"),
    ('JS014', 'src/vault.mjs',
     "const ALGO = 'des-ede3-cbc';\nexport const enc = (k, iv, t) => createCipheriv(ALGO, k, iv).update(t);\n",
     "const ALGO = 'aes-256-gcm';\nexport const enc = (k, iv, t) => createCipheriv(ALGO, k, iv).update(t);\n"),
    ('JS015', 'src/auth.ts',
     "export function hashPassword(plain: string) {\n  return createHash('sha1').update(plain).digest('hex');\n}\n",
     "export function etag(body: string) {\n  return createHash('sha1').update(body).digest('hex');\n}\n"),
    # issue 16, holdout4: flows the regexes cannot follow, each with the safe twin that must stay quiet
    ('JS022', 'routes/invites.js',
     "router.post('/accept', async (req, res) => {\n  const { code } = req.body;\n"
     "  const invite = await invites.findOne({ code, acceptedAt: null });\n  res.json(invite);\n});\n",
     "router.post('/accept', async (req, res) => {\n  const { code } = req.body;\n"
     "  if (typeof code !== 'string') return res.sendStatus(400);\n"
     "  const invite = await invites.findOne({ code, acceptedAt: null });\n  res.json(invite);\n});\n"),
    ('JS022', 'src/users.service.ts',
     "async function byEmail(req) {\n  const email = req.body.email;\n  return User.findOne({ email });\n}\n",
     "async function byEmail(req) {\n  const email = req.body.email;\n  return User.findOne({ where: { email } });\n}\n"),
    ('JS016', 'src/cors.js',
     "app.use((req, res, next) => {\n  const origin = req.headers.origin;\n"
     "  res.setHeader('Access-Control-Allow-Origin', origin);\n  next();\n});\n",
     "app.use((req, res, next) => {\n  const origin = req.headers.origin;\n"
     "  if (ALLOWED.has(origin)) res.setHeader('Access-Control-Allow-Origin', origin);\n  next();\n});\n"),
    ('JS024', 'src/checkout.ts',
     "export const handler = async (event) => {\n  const authHeader = event.headers['Authorization'];\n"
     "  console.log('checkout', JSON.stringify({ id: event.id, authHeader }));\n};\n",
     "export const handler = async (event) => {\n  const authHeader = event.headers['Authorization'];\n"
     "  console.log('checkout', JSON.stringify({ id: event.id, hasAuth: Boolean(authHeader) }));\n};\n"),
    ('JS024', 'src/log.js',
     "const logger = pino();\napp.use((req, res, next) => { logger.info({ headers: req.headers }); next(); });\n",
     "const logger = pino({ redact: ['headers.authorization', 'headers.cookie'] });\n"
     "app.use((req, res, next) => { logger.info({ headers: req.headers }); next(); });\n"),
    ('JS023', 'src/search.ts',
     "function matcher(p: string) { return new RegExp(p, 'i'); }\n"
     "app.get('/logs', (req, res) => res.json(logs.filter((l) => matcher(req.query.q).test(l))));\n",
     "function matcher(p: string) { return new RegExp(escapeRegExp(p), 'i'); }\n"
     "app.get('/logs', (req, res) => res.json(logs.filter((l) => matcher(req.query.q).test(l))));\n"),
    ('JS021', 'src/profile.js',
     "app.patch('/me', async (req, res) => {\n  const changes = req.body;\n  Object.assign(req.user, changes);\n"
     "  res.json(await req.user.save());\n});\n",
     "app.patch('/me', async (req, res) => {\n  const { name, email } = req.body;\n  Object.assign(req.user, { name, email });\n"
     "  res.json(await req.user.save());\n});\n"),
    ('JS020', 'src/webhook.mjs',
     "export const handler = async (event) => {\n  const { callbackUrl } = JSON.parse(event.body);\n"
     "  await fetch(callbackUrl, { method: 'POST' });\n};\n",
     "export const handler = async (event) => {\n  const { callbackUrl } = JSON.parse(event.body);\n"
     "  if (!REGISTERED_URLS.includes(callbackUrl)) return;\n  await fetch(callbackUrl, { method: 'POST' });\n};\n"),
    ('JS020', 'app/api/preview/route.ts',
     "export async function GET(request) {\n  const url = request.nextUrl.searchParams.get('url');\n"
     "  if (!url || !/^https?:\\/\\//i.test(url)) return new Response('bad', { status: 400 });\n"
     "  return new Response(await (await fetch(url)).text());\n}\n",
     "export async function GET(request) {\n  const url = request.nextUrl.searchParams.get('url');\n"
     "  if (!url || !/^https:\\/\\/(www\\.)?youtube\\.com\\//.test(url)) return new Response('bad', { status: 400 });\n"
     "  return new Response(await (await fetch(url)).text());\n}\n"),
    ('JS006', 'src/search.js',
     "function page(body) { return `<html><body>${body}</body></html>`; }\n"
     "app.get('/s', (req, res) => res.send(page(`<h1>${req.query.q}</h1>`)));\n",
     "function page(body) { return `<html><body>${body}</body></html>`; }\n"
     "app.get('/s', (req, res) => res.send(page(`<h1>${escapeHtml(req.query.q)}</h1>`)));\n"),
    ('JS010', 'src/tokens.js',
     f"const jwt = require('jsonwebtoken');\nconst JWT_SECRET = '{SIGNING_KEY}';\n"
     "const issue = (u) => jwt.sign({ sub: u.id }, JWT_SECRET);\n",
     "const jwt = require('jsonwebtoken');\nconst JWT_SECRET = process.env.JWT_SECRET;\n"
     "const issue = (u) => jwt.sign({ sub: u.id }, JWT_SECRET);\n"),
    ('JS044', 'src/prefs.ts',
     "function merge(t: any, s: any) {\n  for (const k in s) t[k] = typeof s[k] === 'object' ? merge(t[k] || {}, s[k]) : s[k];\n"
     "  return t;\n}\napp.patch('/prefs', (req, res) => res.json(merge(prefs, req.body)));\n",
     "function merge(t: any, s: any) {\n  for (const k in s) {\n    if (k === '__proto__' || k === 'constructor') continue;\n"
     "    t[k] = typeof s[k] === 'object' ? merge(t[k] || {}, s[k]) : s[k];\n  }\n  return t;\n}\n"
     "app.patch('/prefs', (req, res) => res.json(merge(prefs, req.body)));\n"),
    # built from a variable: a parameter some caller fills from outside, or a clause list given a value
    ('JS002', 'scripts/build-info.mjs',
     "import { execSync } from 'node:child_process';\nexport function git(cmd) { return execSync(`git ${cmd}`); }\n"
     "git('rev-parse HEAD');\n",
     "import { execSync } from 'node:child_process';\nfunction git(cmd) { return execSync(`git ${cmd}`); }\n"
     "const info = { commit: git('rev-parse HEAD'), branch: git('rev-parse --abbrev-ref HEAD') };\n"),
    ('JS003', 'src/report.ts',
     "function filter(from?: string) {\n  const parts: string[] = [];\n  if (from) parts.push(`created_at >= '${from}'`);\n"
     "  return { clause: parts.join(' AND ') };\n}\n"
     "router.get('/r', async (req, res) => {\n  const f = filter(req.query.from);\n"
     "  res.json(await pool.query(`SELECT * FROM orders WHERE ${f.clause}`));\n});\n",
     "function filter(from?: string) {\n  const parts: string[] = [];\n  const params = [];\n"
     "  if (from) { parts.push('created_at >= ?'); params.push(from); }\n"
     "  return { clause: parts.join(' AND '), params };\n}\n"
     "router.get('/r', async (req, res) => {\n  const f = filter(req.query.from);\n"
     "  res.json(await pool.query(`SELECT * FROM orders WHERE ${f.clause}`, f.params));\n});\n"),
    ('JS003', 'src/stats.ts',
     "app.get('/s', async (req) => {\n  const col = req.query.sort;\n"
     "  return pool.query(`SELECT * FROM stats ORDER BY ${col}`);\n});\n",
     "const SORT: Record<string, string> = { goals: 's.goals', name: 'p.name' };\napp.get('/s', async (req) => {\n"
     "  const col = SORT[req.query.sort] ?? SORT.goals;\n  return pool.query(`SELECT * FROM stats ORDER BY ${col}`);\n});\n"),
]


@pytest.mark.parametrize(('rule_id', 'path', 'bad', 'good'), FLOWS, ids=[f'{r}-{p}' for r, p, _, _ in FLOWS])
def test_a_flow_the_regexes_missed_is_found_and_its_safe_twin_is_not(rule_id: str, path: str, bad: str, good: str) -> None:
    assert rule_id in ids(bad, path)
    assert rule_id not in ids(good, path)


def test_a_finding_is_reported_once_not_by_the_regex_and_the_tree() -> None:
    found = fired("const result = eval(req.query.expr);\n")
    assert found == [('JS001', 1)]


def test_the_tree_points_at_the_sink_with_a_character_column() -> None:
    text = "app.get('/x', (req, res) => {\n  const é = req.query.p; res.redirect(é);\n});\n"
    src = patterns.Source.of('src/app.js', text.splitlines())
    (hit,) = [h for r, h in patterns.scan_source(src) if r.id == 'JS019']
    assert (hit.line, hit.column) == (2, 26)  # characters, though tree-sitter counts bytes


@pytest.mark.parametrize('path', ['src/a.ts', 'src/a.tsx', 'src/a.jsx', 'src/a.mjs', 'src/a.cts'])
def test_every_js_and_ts_flavour_is_parsed(path: str) -> None:
    code = "export function h(req: any, res: any) {\n  const { id } = req.params;\n  return db.query(`DELETE FROM t WHERE id = ${id}`);\n}\n"
    if not path.endswith(('.ts', '.tsx', '.cts')):
        code = code.replace(': any', '')
    assert ('JS003', 3) in fired(code, path)


def test_a_minified_or_huge_file_falls_back_to_the_regexes() -> None:
    long_line = 'var x = [' + '1,' * patterns.TREE_MAX_LINE + '];'
    text = long_line + "\nconst r = eval(req.query.expr);\n"
    src = patterns.Source.of('dist/bundle.js', text.splitlines())
    assert patterns.tree_hits(src) is None
    assert ('JS001', 2) in [(r.id, h.line) for r, h in patterns.scan_source(src)]
    assert patterns.tree_problem(src) is None  # the regexes ran: nothing to report as skipped


def test_without_tree_sitter_the_regexes_run_and_the_file_is_listed_as_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, 'tree_sitter', None)
    monkeypatch.delitem(sys.modules, 'aiguard.scanners.js_tree', raising=False)
    monkeypatch.delattr(scanners, 'js_tree', raising=False)
    ctx = ScanContext('/nonexistent', Config())
    f = ChangedFile('src/app.js', '0' * 40, b"const r = eval(req.query.expr);\n")
    found = patterns.scan([f], ctx)
    assert [x.rule_id for x in found] == ['JS001']
    assert [(s.path, s.engine) for s in ctx.skipped] == [('src/app.js', 'patterns')]
    assert 'tree_sitter is not installed' in ctx.skipped[0].reason


def test_syntax_errors_do_not_stop_the_checks() -> None:
    text = "function broken( {\nconst { id } = req.params;\nconnection.query(`SELECT * FROM t WHERE id = ${id}`);\n"
    assert 'JS003' in ids(text)


def test_deeply_nested_code_does_not_crash_the_scan() -> None:
    text = 'const s = ' + ' + '.join(['req.query.a'] * 3000) + ';\nres.redirect(s);\n'
    src = patterns.Source.of('src/app.js', text.splitlines())
    patterns.scan_source(src)  # a RecursionError would fall back to the regexes, never raise


def test_default_off_rules_run_only_when_the_config_names_them() -> None:
    f = ChangedFile('src/server.js', '0' * 40, b"const app = express();\napp.listen(3000);\n")
    assert [x.rule_id for x in patterns.scan([f], ScanContext('/x', Config()))] == []
    named = Config(rules={'JS017': 'info'})
    assert [x.rule_id for x in patterns.scan([f], ScanContext('/x', named))] == ['JS017']


def _rates(folder: str) -> tuple[float, float]:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
    try:
        import js_accuracy as bench
    finally:
        sys.path.pop(0)
    vulnerable, safe = bench.load_corpus(folder)
    sources = [(f'v/{n}', t) for n, _, t in vulnerable] + [(f's/{n}', t) for n, t in safe]
    found, _ = bench.findings(sources, tree=True)
    detected = sum(any(bench.family(c) == bench.family(cwe) for _, c in found[f'v/{n}']) for n, cwe, _ in vulnerable)
    flagged = sum(bool(found[f's/{n}']) for n, _ in safe)
    return detected / len(vulnerable), flagged / len(safe)


@pytest.mark.parametrize('folder', [CORPUS, os.path.join(CORPUS, 'holdout'), os.path.join(CORPUS, 'holdout4')])
def test_corpus_accuracy_does_not_regress(folder: str) -> None:
    detection, false_positive = _rates(folder)
    assert detection >= 0.9
    assert false_positive <= 0.05
