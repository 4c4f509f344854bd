"""Every Python rule: code that must trigger it, and close code that must not."""
from __future__ import annotations

import textwrap

import pytest

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.findings import Severity
from aiguard.rules import load_pack
from aiguard.scanners import ScanContext
from aiguard.scanners import python as engine
from tests.test_llm_rules import PY_NEGATIVE as LLM_NEGATIVE
from tests.test_llm_rules import PY_POSITIVE as LLM_POSITIVE

FLASK = 'from flask import Flask, request, redirect, send_file, jsonify, render_template_string, abort\napp = Flask(__name__)\n'


@pytest.fixture(autouse=True)
def _raise_check_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    # bandit swallows plugin exceptions; in tests a crashing check must fail loudly
    monkeypatch.setenv('AIGUARD_DEBUG', '1')


def rule_ids(code: str, path: str = 'app.py', config: Config | None = None) -> set[str]:
    f = ChangedFile(path, '', textwrap.dedent(code).encode())
    return {x.rule_id for x in engine.scan([f], ScanContext('/nonexistent', config or Config()))}


LIMITER = FLASK + 'from flask_limiter import Limiter\nlimiter = Limiter(get_remote_address, app=app)\n'


# (rule id, code that must trigger it)
POSITIVE = [
    # issue 16: what users hit
    ('PY011', 'import os\napp.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "super-secret-dev-key-123")'),
    ('PY011', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "changeme-jwt-secret-2024")'),
    ('PY011', 'import os\nDB_PASSWORD = os.environ.get("DB_PASSWORD", "postgres")'),
    ('PY016', FLASK + 'from flask import session\n@app.get("/inv/<int:invoice_id>")\ndef inv(invoice_id):\n'
              '    if "user_id" not in session:\n        abort(401)\n    return jsonify(db.session.get(Invoice, invoice_id).to_dict())'),
    ('PY016', 'def record(request, record_id):\n    if not request.session.get("patient_id"):\n        return HttpResponseForbidden()\n'
              '    return JsonResponse({"d": MedicalRecord.objects.get(pk=record_id).diagnosis})'),
    ('PY016', 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/orders/{order_id}")\ndef read(order_id: int):\n'
              '    return db.query(Order).filter(Order.id == order_id).first()'),
    ('PY016', 'routes = web.RouteTableDef()\n@routes.get("/f/{file_id}")\nasync def f(request: web.Request):\n'
              '    uid = await current_user_id(request)\n    if uid is None:\n        raise web.HTTPUnauthorized()\n'
              '    file_id = int(request.match_info["file_id"])\n    return await pool.fetchrow("SELECT * FROM files WHERE id = $1", file_id)'),
    ('PY019', FLASK + '@app.route("/admin/users/<int:uid>/delete", methods=["POST"])\ndef delete_user(uid):\n'
              '    db.session.delete(User.query.get_or_404(uid))\n    db.session.commit()\n    return "ok"'),
    ('PY019', 'from fastapi import FastAPI\napp = FastAPI()\n@app.put("/products/price")\nasync def price(u: PriceUpdate):\n'
              '    await database.execute("UPDATE products SET price = :p", {"p": u.price})'),
    ('PY020', 'import hashlib\ndef reg(pw):\n    return hashlib.md5(pw.encode()).hexdigest()'),
    ('PY042', 'import logging\nlog = logging.getLogger()\ndef f(creds):\n    log.info("loaded creds: %s", creds)'),
    ('PY042', 'import logging\nlog = logging.getLogger()\ndef f(user, pw):\n    log.debug("login %s %s", user, pw)'),
    ('PY014', FLASK + '@app.post("/hook")\ndef hook():\n    tok = request.headers.get("X-Token", "")\n'
              '    if tok != WEBHOOK_TOKEN:\n        abort(403)'),
    ('PY001', 'cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")'),
    ('PY001', 'q = "SELECT * FROM t WHERE a = \'" + a + "\'"\nq += " ORDER BY " + b\ncur.execute(q)'),
    ('PY001', 'conn.execute("DELETE FROM s WHERE email = \'%s\'" % email)'),
    ('PY001', 'from sqlalchemy import text\nconn.execute(text("SELECT * FROM p WHERE c = \'{}\'".format(c)))'),
    ('PY001', 'Article.objects.raw(f"SELECT * FROM a WHERE t LIKE \'%{term}%\'")'),
    ('PY001', 'qs.extra(where=[f"name = \'{name}\'"])'),
    ('PY001', 'row = await conn.fetchrow(f"SELECT id FROM users WHERE email = \'{email}\'")'),
    # a helper of the module that hands its parameter to execute()
    ('PY001', 'import sqlite3\ndef run_query(sql, params=()):\n    with sqlite3.connect(DB) as conn:\n'
              '        return conn.execute(sql, params).fetchall()\n'
              'def find_user(name):\n    return run_query(f"SELECT * FROM users WHERE name = \'{name}\'")'),
    ('PY001', 'def q(conn, statement):\n    cur = conn.cursor()\n    cur.execute(statement)\n'
              'def purge(conn, day):\n    q(conn, statement="DELETE FROM logs WHERE day < " + day)'),
    ('PY002', 'import subprocess\nsubprocess.run(f"ping -c 1 {host}", shell=True)'),
    ('PY002', 'import os\nos.system("convert " + src + " out.png")'),
    ('PY002', 'import os\nos.popen("pg_dump %s" % db)'),
    ('PY002', 'import subprocess\ncmd = f"tar czf x.tgz {pattern}"\nsubprocess.run(["bash", "-c", cmd])'),
    ('PY002', 'import subprocess\nsubprocess.getoutput("ls " + path)'),
    ('PY003', 'result = eval(request.args["expr"])'),
    ('PY003', 'def run(code):\n    exec(code, {})'),
    ('PY003', 'def build(files):\n    return [compile(f.read(), f.name, "exec") for f in files]'),
    ('PY004', FLASK + '@app.route("/d")\ndef d():\n    name = request.args.get("f")\n    return send_file(os.path.join(BASE, name))'),
    ('PY004', FLASK + '@app.route("/r/<name>")\ndef r(name):\n    with open(f"reports/{name}") as f:\n        return f.read()'),
    ('PY004', 'def upload(request):\n    f = request.FILES["a"]\n    open(os.path.join(ROOT, f.name), "wb")'),
    ('PY004', 'import zipfile\ndef unpack(p, d):\n    with zipfile.ZipFile(p) as z:\n'
              '        for m in z.namelist():\n            open(os.path.join(d, m), "wb")'),
    ('PY005', 'import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(dest)'),
    ('PY005', 'import tarfile\ntarfile.open(p).extractall("themes/")'),
    ('PY005', 'import zipfile\nwith zipfile.ZipFile(p) as zf:\n    zf.extractall(dest)'),
    ('PY007', 'import pickle\nitems = pickle.loads(data)'),
    ('PY007', 'import torch\nm = torch.load(path, map_location="cpu")'),
    ('PY007', 'import numpy as np\nd = np.load(path, allow_pickle=True)'),
    ('PY007', 'import dill\nobj = dill.loads(blob)'),
    ('PY007', 'import jsonpickle\nobj = jsonpickle.decode(text)'),
    ('PY008', 'import yaml\ncfg = yaml.load(text)'),
    ('PY008', 'import yaml\ncfg = yaml.load(text, Loader=yaml.Loader)'),
    ('PY008', 'import yaml\ncfg = yaml.unsafe_load(text)'),
    ('PY008', 'import yaml\nloader = yaml.Loader\ncfg = yaml.load(text, Loader=loader)'),
    ('PY008', "import yaml\nloader = getattr(yaml, 'CLoader', yaml.Loader)\ncfg = yaml.load(text, Loader=loader)"),
    ('PY010', 'import jwt\nc = jwt.decode(t, options={"verify_signature": False})'),
    ('PY010', 'import jwt\nc = jwt.decode(t, KEY)'),
    ('PY010', 'import jwt\nc = jwt.decode(t, KEY, algorithms=["HS256", "none"])'),
    ('PY010', 'import jwt\nc = jwt.decode(t, KEY, verify=False)'),
    ('PY011', 'app.secret_key = "super-secret"'),
    ('PY011', 'app.config["SECRET_KEY"] = "dev-key-123"'),
    ('PY011', 'SECRET_KEY = "django-insecure-abc"'),
    ('PY011', 'import jwt\ntok = jwt.encode(payload, "change-me", algorithm="HS256")'),
    ('PY011', 'app.config.update(SECRET_KEY="x1")'),
    ('PY012', FLASK + 'app.run(debug=True)'),
    ('PY012', 'DEBUG = True\nINSTALLED_APPS = []\nALLOWED_HOSTS = []'),
    ('PY012', 'app.config["DEBUG"] = True'),
    ('PY014', 'if provided != API_KEY:\n    abort(401)'),
    ('PY014', 'if signature == expected:\n    ok()'),
    ('PY014', 'if user.password == password:\n    login(user)'),
    ('PY014', 'def check(token):\n    return token == stored'),
    ('PY014', 'if request.headers["X-Hub-Signature"] == sig:\n    ok()'),
    ('PY015', FLASK + '@app.route("/logout")\ndef logout():\n    return redirect("/")'),
    ('PY053', FLASK + '@app.route("/login", methods=["POST"])\ndef login():\n    user = find(request.form)\n'
              '    session["user_id"] = user.id\n    return redirect("/")'),
    ('PY053', 'def login_view(request):\n    request.session["uid"] = authenticate_user(request.POST)\n    return redirect("/")'),
    ('PY054', LIMITER + '@app.route("/login", methods=["POST"])\ndef login():\n    return check(request.form["password"])'),
    ('PY054', LIMITER + '@app.route("/login", methods=["POST"])\n@limiter.exempt\ndef login():\n'
              '    return check(request.form["password"])'),
    ('PY016', FLASK + '@app.route("/inv/<int:invoice_id>")\n@login_required\ndef inv(invoice_id):\n'
              '    return jsonify(Invoice.query.get_or_404(invoice_id).to_dict())'),
    ('PY016', '@login_required\ndef order(request, order_id):\n    o = get_object_or_404(Order, pk=order_id)\n'
              '    return render(request, "o.html", {"o": o})'),
    ('PY020', 'import hashlib\nh = hashlib.md5(password.encode()).hexdigest()'),
    ('PY020', 'import hashlib\nd = hashlib.sha256((salt + password).encode()).hexdigest()'),
    ('PY020', 'import hashlib\nh = hashlib.sha1()\nh.update(password.encode())'),
    ('PY022', 'import random\ntoken = "".join(random.choices(ALPHABET, k=32))'),
    ('PY022', 'import random\ndef generate_otp():\n    return random.randint(100000, 999999)'),
    ('PY023', 'from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_ECB)'),
    ('PY023', 'from cryptography.hazmat.primitives.ciphers import modes\nm = modes.ECB()'),
    ('PY023', 'from Crypto.Cipher import DES\nc = DES.new(key, DES.MODE_CBC)'),
    ('PY024', 'from cryptography.hazmat.primitives.ciphers import modes\nm = modes.CBC(b"0123456789abcdef")'),
    ('PY024', 'from cryptography.hazmat.primitives.ciphers import modes\nIV = b"\\x00" * 16\nm = modes.CBC(IV)'),
    ('PY024', 'from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_CBC, iv=bytes(16))'),
    ('PY025', 'from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=1024)'),
    ('PY026', 'import requests\nrequests.get(url, verify=False)'),
    ('PY026', 'import ssl\nctx.verify_mode = ssl.CERT_NONE'),
    ('PY026', 'ctx.check_hostname = False'),
    ('PY026', 'async def f(session, url):\n    async with session.get(url, ssl=False) as r:\n        return r'),
    ('PY026', 'import urllib3\nurllib3.disable_warnings()'),
    ('PY026', 'import ssl\nctx = ssl._create_unverified_context()'),
    ('PY026', 'import paramiko\nc.set_missing_host_key_policy(paramiko.AutoAddPolicy())'),
    ('PY027', 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)'),
    ('PY030', 'from flask_cors import CORS\nCORS(app, supports_credentials=True)'),
    ('PY030', 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)'),
    ('PY030', 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True'),
    ('PY030', FLASK + '@app.after_request\ndef cors(resp):\n    def_ = 1\n'
              '    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n'
              '    resp.headers["Access-Control-Allow-Credentials"] = "true"\n    return resp'),
    ('PY031', 'SESSION_COOKIE_SECURE = False'),
    ('PY031', 'resp.set_cookie("session_token", token)'),
    ('PY031', 'resp.set_cookie("prefs", value, httponly=False)'),
    ('PY032', 'ALLOWED_HOSTS = ["*"]'),
    ('PY033', FLASK + '@app.route("/g")\ndef g():\n    name = request.args.get("n")\n    return render_template_string(f"<h1>{name}</h1>")'),
    ('PY033', 'from jinja2 import Template\ndef v(request):\n    return Template(request.POST["t"]).render()'),
    ('PY034', FLASK + '@app.route("/s")\ndef s():\n    q = request.args.get("q", "")\n    return f"<h2>{q}</h2>"'),
    ('PY034', 'from markupsafe import Markup\nhtml = Markup(f"<b>{comment}</b>")'),
    ('PY034', 'from django.http import HttpResponse\ndef h(request):\n    return HttpResponse("<p>" + request.GET["q"] + "</p>")'),
    ('PY034', 'from jinja2 import Environment\nenv = Environment(autoescape=False)'),
    # through the module's own helpers: what a helper returns of its parameter, or reads itself
    ('PY004', FLASK + 'def report_path(name):\n    return os.path.join(REPORTS, name + ".pdf")\n'
              '@app.route("/r")\ndef r():\n    return send_file(report_path(request.args["n"]))'),
    ('PY004', FLASK + 'def requested_file():\n    return request.args.get("file", "")\n'
              '@app.route("/f")\ndef f():\n    with open(requested_file()) as fh:\n        return fh.read()'),
    ('PY036', 'import requests\n' + FLASK + 'def endpoint(host, path="/health"):\n    return f"https://{host}{path}"\n'
              '@app.route("/p")\ndef p():\n    return requests.get(endpoint(host=request.args["h"])).text'),
    ('PY035', FLASK + '@app.route("/l")\ndef l():\n    return redirect(request.args.get("next"))'),
    ('PY035', 'from django.http import HttpResponseRedirect\ndef v(request):\n    return HttpResponseRedirect(request.GET["next"])'),
    ('PY036', 'import requests\n' + FLASK + '@app.route("/p")\ndef p():\n    return requests.get(request.args["url"]).text'),
    ('PY036', 'import httpx\n@app.get("/x")\nasync def x(target: str):\n    return httpx.get(f"http://{target}/status")'),
    ('PY037', 'from lxml import etree\np = etree.XMLParser(resolve_entities=True)'),
    ('PY037', 'import xml.etree.ElementTree as ET\n' + FLASK + '@app.route("/i")\ndef i():\n    return ET.fromstring(request.data)'),
    ('PY037', 'import xml.sax\nfrom xml.sax.handler import feature_external_ges\np.setFeature(feature_external_ges, True)'),
    ('PY040', FLASK + '@app.route("/a")\ndef a():\n    try:\n        go()\n    except Exception as e:\n'
              '        return jsonify({"error": str(e)}), 500'),
    ('PY040', 'import traceback\ndef h():\n    try:\n        go()\n    except Exception:\n'
              '        return JSONResponse({"error": traceback.format_exc()})'),
    ('PY040', 'async def up():\n    try:\n        go()\n    except Exception as e:\n'
              '        raise HTTPException(status_code=500, detail=str(e))'),
    ('PY041', 'try:\n    verify_signature(payload, sig)\nexcept Exception:\n    pass'),
    ('PY041', 'def ok(t):\n    try:\n        jwt.decode(t, K, algorithms=["HS256"])\n    except:\n        return True'),
    ('PY042', 'import logging\nlogger = logging.getLogger()\nlogger.info(f"login {user} with password {password}")'),
    ('PY042', 'import logging\nlogging.debug("calling with key %s", api_key)'),
    ('PY042', 'app.logger.info("headers: %s", request.headers)'),
    ('PY043', 'assert g.user.is_admin, "admins only"'),
    ('PY043', 'assert project.owner == request.user'),
    ('PY050', 'import os\nos.chmod(path, 0o777)'),
    ('PY051', 'import tempfile\np = tempfile.mktemp()'),
    ('PY006', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    f = request.files["f"]\n'
              '    f.save(os.path.join(DIR, secure_filename(f.filename)))'),
    ('PY018', 'if username == "admin" and password == "admin123":\n    ok()'),
    ('PY018', 'conn = psycopg2.connect(host="db", user="app", password="s3cret")'),
    ('PY018', 'server.login("me@example.com", "hunter22")'),
    ('PY019', FLASK + '@app.route("/me")\n@login_required\ndef me():\n    return "me"\n'
              '@app.route("/admin/users/<int:uid>/delete", methods=["POST"])\ndef delete_user(uid):\n'
              '    User.query.filter_by(id=uid).delete()\n    db.session.commit()\n    return "ok"'),
    ('PY021', 'import hashlib, time\nreset_token = hashlib.md5(f"{email}{time.time()}".encode()).hexdigest()'),
    ('PY021', 'import hashlib\ndef make_signature(body):\n    return hashlib.sha1(body).hexdigest()'),
    ('PY028', 'import requests\nrequests.post("http://api.example.com/login", json={"password": pw})'),
    ('PY028', 'import smtplib\ndef send():\n    s = smtplib.SMTP("mail.example.com", 25)\n    s.login(USER, PASSWORD)'),
    ('PY038', 'from django.views.decorators.csrf import csrf_exempt\n@csrf_exempt\ndef transfer(request):\n    pass'),
    ('PY038', 'app.config["WTF_CSRF_ENABLED"] = False'),
    ('PY029', 'import jwt\ntok = jwt.encode({"sub": uid}, KEY, algorithm="HS256")'),
    ('PY029', 'import jwt\nclaims = {"sub": uid, "role": role}\ntok = jwt.encode(claims, KEY, algorithm="HS256")'),
    ('PY040', FLASK + '@app.errorhandler(Exception)\ndef handle(e):\n    return jsonify(error=str(e)), 500'),
    ('PY034', 'from django.utils.html import format_html\ndef v(request):\n'
              '    return HttpResponse(format_html("<p>" + request.GET["x"] + "</p>"))'),
    ('PY016', 'class MessageDetail(LoginRequiredMixin, View):\n    def get(self, request, message_id):\n'
              '        return JsonResponse({"b": Message.objects.get(id=message_id).body})'),
    ('PY018', 'if request.headers.get("X-API-KEY") != "sk_live_1234":\n    abort(401)'),
    ('PY009', FLASK + '@app.route("/r", methods=["POST"])\ndef r():\n    password = request.form["password"]\n'
              '    db.session.add(User(name=request.form["name"], password=password))'),
    ('PY009', FLASK + '@app.route("/r", methods=["POST"])\ndef r():\n    db.session.add(User(password=request.form["password"]))\n'
              '    conn.execute("INSERT INTO users (name, password) VALUES (?, ?)", (request.form["name"], request.form["password"]))'),
    ('PY020', 'import hashlib\nd = hashlib.pbkdf2_hmac("sha256", pw.encode(), salt, 1000)'),
    ('PY020', 'import hashlib\nd = hashlib.pbkdf2_hmac("sha256", pw.encode(), b"static-salt", 600000)'),
    ('PY001', 'from sqlalchemy import text\nrows = User.query.filter(text(f"name = \'{name}\'")).all()'),
    ('PY034', FLASK + '@app.route("/h")\ndef h():\n'
              '    return render_template_string("<p>{{ bio|safe }}</p>", bio=request.args["bio"])'),
    ('PY003', FLASK + '@app.route("/m")\ndef m():\n    import importlib\n    return importlib.import_module(request.args["m"])'),
    ('PY018', 'from cryptography.fernet import Fernet\nf = Fernet(b"hardcodedkeyhardcodedkeyhardcodedkey1234567=")'),
    ('PY018', 'from Crypto.Cipher import AES\nKEY = b"0123456789abcdef"\nc = AES.new(KEY, AES.MODE_GCM)'),
    ('PY044', FLASK + '@app.route("/d")\ndef d():\n    u = request.args["user"]\n'
              '    return conn.search_s("dc=x", 2, f"(uid={u})")'),
    ('PY045', FLASK + '@app.route("/d")\ndef d():\n    n = request.args["n"]\n'
              '    return tree.xpath(f"//user[@name=\'{n}\']")'),
    ('PY046', 'import re\n' + FLASK + '@app.route("/s")\ndef s():\n    return str(re.search(request.args["p"], TEXT))'),
    ('PY004', 'import tornado.web\nclass H(tornado.web.RequestHandler):\n    def get(self):\n'
              '        with open(os.path.join("/data", self.get_argument("name"))) as f:\n            self.write(f.read())'),
    ('PY004', 'from flask.views import MethodView\nclass D(MethodView):\n    def get(self, filename):\n'
              '        return send_file(os.path.join("files", filename))'),
    ('PY018', 'import requests\nr = requests.get(URL, auth=("admin", "P@ssw0rd123"), timeout=5)'),
    ('PY002', 'def restart(client, svc):\n    client.exec_command("systemctl restart " + svc)'),
    ('PY033', 'from jinja2 import Environment\nenv = Environment()\ndef render(tpl, ctx):\n    return env.from_string(tpl).render(**ctx)'),
    ('PY050', 'import os\nos.umask(0)'),
    ('PY001', 'def q(name):\n    return f"SELECT * FROM users WHERE name = \'{name}\'"\n'
              'def find(conn, name):\n    return conn.execute(q(name))'),
    ('PY007', 'import pickle\ndef load(path):\n    with open(path, "rb") as f:\n        return pickle.load(f)'),
    ('PY030', 'from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)'),
    ('PY034', FLASK + '@app.route("/showName")\ndef name():\n    first = request.args.get("name", "")\n'
              '    return make_response("Your name is " + first)'),
    ('PY026', 'from OpenSSL import SSL\nctx.set_verify(SSL.VERIFY_NONE, lambda *a: True)'),
    ('PY009', FLASK + '@app.route("/r", methods=["POST"])\ndef r():\n    pw = request.form["password"]\n'
              '    user.password = base64.b64encode(pw.encode())'),
    ('PY009', FLASK + '@app.route("/l", methods=["POST"])\ndef l():\n    resp = make_response("ok")\n'
              '    resp.set_cookie("password", request.form["password"])\n    return resp'),
    ('PY004', FLASK + '@app.route("/d")\ndef d():\n    if "file" not in request.args:\n        abort(400)\n'
              '    return send_file(os.path.join(BASE, request.args["file"]))'),
    ('PY047', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    db.session.add(User(**request.get_json()))'),
    ('PY047', FLASK + '@app.route("/p", methods=["PATCH"])\ndef p():\n    for key, value in request.json.items():\n'
              '        setattr(current_user, key, value)'),
    ('PY001', 'table = "events"\ndef count(conn, table):\n    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()'),
    # issue 16, holdout4
    ('PY036', 'import aiohttp\nfrom aiohttp import web\nroutes = web.RouteTableDef()\n'
              'async def fetch_feed(session, url):\n    async with session.get(url) as resp:\n        return await resp.text()\n'
              '@routes.post("/preview")\nasync def preview(request):\n    data = await request.json()\n    url = data.get("url", "")\n'
              '    if not url.startswith(("http://", "https://")):\n        return web.json_response({}, status=400)\n'
              '    return web.json_response(await fetch_feed(request.app["http"], url))'),
    ('PY015', FLASK + 'from flask import make_response\nCOOKIE = "sid"\n@app.post("/login")\ndef login():\n'
              '    db.session.add(SessionToken(token=new_token(), user=user))\n    return "ok"\n'
              '@app.post("/logout")\ndef logout():\n    resp = make_response("bye")\n    resp.delete_cookie(COOKIE)\n    return resp'),
    ('PY019', 'from flask import Blueprint, request\nfrom flask_login import login_required\n'
              'admin_bp = Blueprint("admin", __name__, url_prefix="/admin")\n'
              '@admin_bp.get("/users")\n@login_required\ndef users():\n    return "x"\n'
              '@admin_bp.post("/users/<int:uid>/role")\ndef set_role(uid):\n    role = request.json.get("role")\n'
              '    if role not in {"member", "admin"}:\n        return "bad", 400\n'
              '    User.query.get(uid).role = role\n    db.session.commit()\n    return "ok"'),
    ('PY047', FLASK + 'def apply(model, data):\n    for field, value in data.items():\n        setattr(model, field, value)\n'
              '@app.patch("/me")\ndef me():\n    data = request.get_json()\n    if "email" in data and "@" not in str(data["email"]):\n'
              '        abort(400)\n    apply(current_user, data)\n    return "ok"'),
    ('PY001', FLASK + 'def filters(args):\n    clauses = ["archived = 0"]\n    if args.get("c"):\n'
              '        clauses.append(f"category = \'{args.get(\'c\')}\'")\n    return " AND ".join(clauses), []\n'
              '@app.get("/items")\ndef items():\n    where, params = filters(request.args)\n'
              '    return db.execute(f"SELECT * FROM items WHERE {where}", params).fetchall()'),
]

# (rule id, code close to a positive that must NOT trigger it)
NEGATIVE = [
    # issue 16: what users hit
    ('PY011', 'import os\napp.config["SECRET_KEY"] = os.environ["SECRET_KEY"]'),
    ('PY011', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET")\nTOKEN_URL = os.getenv("TOKEN_URL", "https://x/token")'),
    ('PY011', 'import os\nAPI_TOKEN = os.environ.get("API_TOKEN", "")\nLOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")'),
    ('PY016', 'def record(request, record_id):\n    pid = request.session.get("patient_id")\n    if not pid:\n'
              '        return HttpResponseForbidden()\n    r = get_object_or_404(MedicalRecord, pk=record_id, patient_id=pid)\n'
              '    return JsonResponse({"d": r.diagnosis})'),
    ('PY016', 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/products/{product_id}")\ndef read(product_id: int):\n'
              '    return db.query(Product).filter(Product.id == product_id).first()'),
    ('PY016', 'routes = web.RouteTableDef()\n@routes.get("/f/{file_id}")\nasync def f(request: web.Request):\n'
              '    uid = await current_user_id(request)\n    if uid is None:\n        raise web.HTTPUnauthorized()\n'
              '    file_id = int(request.match_info["file_id"])\n'
              '    return await pool.fetchrow("SELECT * FROM files WHERE id = $1 AND owner_id = $2", file_id, uid)'),
    ('PY019', 'from fastapi import FastAPI, Depends\napp = FastAPI()\n'
              '@app.put("/products/price", dependencies=[Depends(require_admin)])\nasync def price(u: PriceUpdate):\n'
              '    await database.execute("UPDATE products SET price = :p", {"p": u.price})'),
    ('PY019', FLASK + '@app.route("/contact", methods=["POST"])\ndef contact():\n    db.session.add(Message(body=request.form["b"]))\n'
              '    db.session.commit()\n    return "thanks"'),
    ('PY036', FLASK + '@app.route("/notes/<note_id>/delete", methods=["POST"])\n@login_required\ndef d(note_id):\n'
              '    note = db.session.get(Note, note_id)\n    if note.user_id != current_user.id:\n        abort(404)\n'
              '    db.session.delete(note)\n    db.session.commit()'),
    ('PY018', 'conn = psycopg2.connect(host="localhost", user="etl", password="<password>")'),
    ('PY018', 'import smtplib\ns = smtplib.SMTP("smtp.example.com", 587)\ns.login("YOUR_USERNAME", "YOUR_PASSWORD")'),
    ('PY042', 'import logging\nlog = logging.getLogger()\ndef f(creds):\n    log.info("loaded creds for %s", creds.get("username"))'),
    ('PY001', 'cur.execute("SELECT * FROM users WHERE name = ?", (name,))'),
    ('PY001', 'cur.execute(f"SELECT * FROM {TABLE} WHERE id = ?", (i,))'),
    ('PY001', 'marks = ",".join("?" for _ in ids)\ncur.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)'),
    ('PY001', 'from psycopg2 import sql\ncur.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(t)))'),
    ('PY001', 'col = SORT.get(key, "id")\ncur.execute("SELECT * FROM t ORDER BY " + col)'),
    ('PY001', 'log.text(f"updated {n} rows")'),
    ('PY002', 'import subprocess\nsubprocess.run(["ping", "-c", "1", host])'),
    ('PY002', 'import subprocess\nsubprocess.run("ls -l", shell=True)'),
    ('PY002', 'import subprocess, shlex\nsubprocess.run(f"ping -c 1 {shlex.quote(host)}", shell=True)'),
    ('PY002', 'import os\nos.system("clear")'),
    ('PY003', 'x = eval("1 + 2")'),
    # a module's own compile() or eval(), not the builtins
    ('PY003', 'def compile(files, versions):\n    pass\n\ndef main(args):\n    compile(args.files, args.versions)'),
    ('PY003', 'from mytemplates import eval\nresult = eval(template, context)'),
    ('PY003', 'import ast\nx = ast.literal_eval(text)'),
    ('PY003', 'model.eval()\nimport re\nr = re.compile(pattern)'),
    ('PY004', FLASK + '@app.route("/d")\ndef d():\n    return send_from_directory(DIR, request.args["f"])'),
    ('PY004', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    f = request.files["f"]\n'
              '    f.save(os.path.join(DIR, secure_filename(f.filename)))'),
    ('PY004', FLASK + '@app.route("/r/<name>")\ndef r(name):\n    p = os.path.realpath(os.path.join(BASE, name))\n'
              '    if os.path.commonpath([p, BASE]) != BASE:\n        abort(404)\n    return send_file(p)'),
    ('PY004', 'import sys\nwith open(sys.argv[1]) as f:\n    print(f.read())'),
    # helpers that take the values apart from the SQL, or do not run SQL at all
    ('PY001', 'import sqlite3\ndef run_query(sql, params=()):\n    with sqlite3.connect(DB) as conn:\n'
              '        return conn.execute(sql, params).fetchall()\n'
              'def find_user(name):\n    return run_query("SELECT * FROM users WHERE name = ?", (name,))'),
    ('PY001', 'def by_ids(conn, ids):\n    return conn.execute("SELECT * FROM t WHERE id IN (%s)", ids)\n'
              'def view(conn, a):\n    return by_ids(conn, f"SELECT {a} FROM t WHERE x = 1")'),
    ('PY001', 'import logging\ndef note(msg):\n    logging.getLogger(__name__).info(msg)\n'
              'def find(name):\n    note(f"SELECT * FROM users WHERE name = {name}")'),
    # helpers that clean, check or ignore what they are given
    ('PY004', FLASK + 'from werkzeug.utils import secure_filename\ndef report_path(name):\n'
              '    return os.path.join(REPORTS, secure_filename(name))\n'
              '@app.route("/r")\ndef r():\n    return send_file(report_path(request.args["n"]))'),
    ('PY004', FLASK + 'def report_path(name):\n    if name not in ALLOWED:\n        abort(404)\n'
              '    return REPORTS + "/" + name\n'
              '@app.route("/r")\ndef r():\n    return send_file(report_path(request.args["n"]))'),
    ('PY004', FLASK + 'def report_path(year, name):\n    return os.path.join(REPORTS, str(year))\n'
              '@app.route("/r")\ndef r():\n    return send_file(report_path(2024, request.args["n"]))'),
    ('PY004', 'def countdown(n):\n    return countdown(n - 1) if n else "done.txt"\n'
              'def view(request):\n    return open(countdown(request.GET["n"]))'),
    # pytest's `request` fixture is not a web request, nor is a fixture with it a view
    ('PY004', 'import shutil\nfrom pytest import FixtureRequest, fixture\n'
              'def _mk(request: FixtureRequest, factory):\n    return factory.mktemp(request.node.name)\n'
              '@fixture\ndef tmp(request: FixtureRequest, tmp_path_factory):\n'
              '    path = _mk(request, tmp_path_factory)\n    yield path\n    shutil.rmtree(path)'),
    ('PY005', 'import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(dest, filter="data")'),
    ('PY005', 'import zipfile\nwith zipfile.ZipFile(p) as zf:\n    for n in zf.namelist():\n'
              '        if n.startswith("/") or ".." in n:\n            raise ValueError(n)\n    zf.extractall(dest)'),
    ('PY007', 'import torch\nm = torch.load(path, weights_only=True)'),
    ('PY007', 'import numpy as np\nd = np.load(path)'),
    ('PY007', 'import json\nd = json.loads(blob)'),
    ('PY008', 'import yaml\ncfg = yaml.safe_load(text)'),
    ('PY008', 'import yaml\ncfg = yaml.load(text, Loader=yaml.SafeLoader)'),
    ('PY008', "import yaml\nldr = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\ncfg = yaml.load(text, Loader=ldr)"),
    ('PY008', 'import yaml\ndef f(text):\n    ldr = yaml.CSafeLoader\n    return yaml.load(text, Loader=ldr)'),
    ('PY010', 'import jwt\nc = jwt.decode(t, KEY, algorithms=["HS256"])'),
    ('PY011', 'import os\napp.secret_key = os.environ["SECRET_KEY"]'),
    ('PY011', 'SECRET_KEY = ""'),
    ('PY012', FLASK + 'app.run(debug=os.environ.get("FLASK_DEBUG") == "1")'),
    ('PY012', 'class DevelopmentConfig:\n    DEBUG = True'),
    ('PY014', 'import hmac\nif not hmac.compare_digest(provided, API_KEY):\n    abort(401)'),
    ('PY014', 'if new_password != confirm_password:\n    flash("mismatch")'),
    ('PY014', 'if token == TOKEN_DATA:\n    pass'),
    ('PY014', 'for s in samples:\n    if flagged != s.secret:\n        misses.append(s)'),
    ('PY014', 'matching = [t for t in trailers if t.token == key]'),
    ('PY014', 'class Auth:\n    def __eq__(self, other):\n        return self.password == other.password'),
    ('PY015', FLASK + '@app.route("/logout")\ndef logout():\n    session.clear()\n    return redirect("/")'),
    ('PY053', FLASK + '@app.route("/login", methods=["POST"])\ndef login():\n    user = find(request.form)\n'
              '    session.clear()\n    session["user_id"] = user.id\n    return redirect("/")'),
    ('PY053', 'from django.contrib.auth import login\ndef login_view(request):\n    login(request, user)\n'
              '    request.session["uid"] = user.id\n    return redirect("/")'),
    ('PY053', FLASK + '@app.route("/login")\ndef login():\n    session["next"] = request.args["next"]\n    return render()'),
    ('PY054', LIMITER + '@app.route("/login", methods=["POST"])\n@limiter.limit("5 per minute")\ndef login():\n'
              '    return check(request.form["password"])'),
    ('PY054', FLASK + 'from flask_limiter import Limiter\nlimiter = Limiter(get_remote_address, app=app, default_limits=["100/hour"])\n'
              '@app.route("/login", methods=["POST"])\ndef login():\n    return check(request.form["password"])'),
    ('PY054', LIMITER + 'limiter.limit("5/minute")(auth_bp)\n@auth_bp.route("/login", methods=["POST"])\ndef login():\n'
              '    return check(request.form["password"])'),
    ('PY054', FLASK + '@app.route("/login", methods=["POST"])\ndef login():\n    return check(request.form["password"])'),
    ('PY015', FLASK + '@app.route("/logout")\ndef logout():\n    logout_user()\n    return redirect("/")'),
    ('PY015', 'from django.contrib.auth import logout\ndef logout_view(request):\n    logout(request)\n    return redirect("home")'),
    ('PY016', FLASK + '@app.route("/inv/<int:invoice_id>")\n@login_required\ndef inv(invoice_id):\n'
              '    i = Invoice.query.get_or_404(invoice_id)\n    if i.owner_id != current_user.id:\n        abort(404)\n'
              '    return jsonify(i.to_dict())'),
    ('PY016', FLASK + '@app.route("/a/<int:address_id>")\n@jwt_required()\ndef a(address_id):\n'
              '    return Address.query.filter_by(id=address_id, user_id=get_jwt_identity()).first()'),
    ('PY016', '@app.get("/products/{product_id}")\ndef read(product_id: int, db=Depends(get_db)):\n'
              '    return db.get(Product, product_id)'),
    ('PY017', FLASK + '@app.route("/login", methods=["POST"])\ndef login():\n'
              '    if check_password_hash(u.pw, request.form["password"]):\n        return "ok"'),
    ('PY020', 'import hashlib\netag = hashlib.md5(body.encode()).hexdigest()'),
    ('PY020', 'import hashlib\nd = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)'),
    ('PY022', 'import random\ndef split(rows):\n    random.shuffle(rows)\n    return rows[:10]'),
    ('PY022', 'import secrets\ntoken = secrets.token_urlsafe(32)'),
    ('PY023', 'from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)'),
    ('PY024', 'import os\nfrom cryptography.hazmat.primitives.ciphers import modes\nm = modes.CBC(os.urandom(16))'),
    ('PY025', 'from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=3072)'),
    ('PY026', 'import requests\nrequests.get(url, timeout=5)'),
    ('PY026', 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_REQUIRED'),
    ('PY027', 'import ssl\nctx = ssl.create_default_context()'),
    ('PY030', 'from flask_cors import CORS\nCORS(app, origins=["https://a.example"], supports_credentials=True)'),
    ('PY030', 'from flask_cors import CORS\nCORS(app)'),
    ('PY030', FLASK + '@app.after_request\ndef cors(resp):\n    origin = request.headers.get("Origin")\n'
              '    if origin in TRUSTED:\n        resp.headers["Access-Control-Allow-Origin"] = origin\n'
              '        resp.headers["Access-Control-Allow-Credentials"] = "true"\n    return resp'),
    ('PY031', 'SESSION_COOKIE_SECURE = True'),
    ('PY031', 'resp.set_cookie("session_token", t, secure=True, httponly=True)'),
    ('PY031', 'resp.set_cookie("theme", "dark")'),
    ('PY032', 'ALLOWED_HOSTS = ["example.com"]'),
    ('PY033', FLASK + 'T = "<h1>{{ name }}</h1>"\n@app.route("/g")\ndef g():\n'
              '    return render_template_string(T, name=request.args.get("n"))'),
    ('PY034', 'from markupsafe import escape\n' + FLASK + '@app.route("/s")\ndef s():\n'
              '    q = request.args.get("q", "")\n    return f"<h2>{escape(q)}</h2>"'),
    ('PY034', 'from django.utils.html import format_html\nhtml = format_html("<b>{}</b>", comment)'),
    ('PY034', 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/s")\ndef s(q: str):\n    return f"<h2>{q}</h2>"'),
    ('PY034', FLASK + '@app.route("/s")\ndef s():\n    return jsonify(q=request.args.get("q"))'),
    ('PY035', FLASK + '@app.route("/l")\ndef l():\n    return redirect(url_for("index"))'),
    ('PY035', 'def v(request):\n    n = request.GET.get("next", "/")\n'
              '    if not url_has_allowed_host_and_scheme(n, allowed_hosts={request.get_host()}):\n        n = "/"\n'
              '    return HttpResponseRedirect(n)'),
    ('PY036', 'import requests\n' + FLASK + '@app.route("/u/<uid>")\ndef u(uid):\n'
              '    return requests.get(f"https://api.example.com/users/{uid}").json()'),
    ('PY036', 'import requests\n' + FLASK + '@app.route("/p")\ndef p():\n    url = request.args["url"]\n'
              '    if urlparse(url).hostname not in ALLOWED:\n        abort(400)\n    return requests.get(url).text'),
    ('PY037', 'import defusedxml.ElementTree as ET\n' + FLASK + '@app.route("/i")\ndef i():\n    return ET.fromstring(request.data)'),
    ('PY037', 'import xml.etree.ElementTree as ET\ntree = ET.parse("config/logging.xml")'),
    ('PY040', FLASK + '@app.route("/a")\ndef a():\n    try:\n        go()\n    except Exception:\n'
              '        app.logger.exception("failed")\n        return jsonify({"error": "internal error"}), 500'),
    ('PY040', FLASK + '@app.route("/a")\ndef a():\n    try:\n        go()\n    except ValueError as e:\n'
              '        return jsonify({"error": str(e)}), 400'),
    ('PY040', 'def cli():\n    try:\n        go()\n    except Exception as e:\n        return str(e)'),
    ('PY041', 'try:\n    verify_signature(payload, sig)\nexcept InvalidSignature:\n    abort(401)'),
    ('PY041', 'try:\n    os.remove(tmp)\nexcept Exception:\n    pass'),
    ('PY042', 'import logging\nlogger = logging.getLogger()\nlogger.info("login attempt for %s", username)'),
    ('PY042', 'import logging\nlogger = logging.getLogger()\nlogger.info("used %d tokens", token_count)'),
    ('PY042', 'import logging\nlogging.info("password reset requested for %s", email)'),
    ('PY043', 'assert len(rows) > 0'),
    ('PY043', 'assert role in ("appender", "remover")'),
    ('PY050', 'import os\nos.chmod(path, 0o600)'),
    ('PY051', 'import tempfile\nf = tempfile.NamedTemporaryFile(delete=False)'),
    ('PY006', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    f = request.files["f"]\n'
              '    if not allowed_file(f.filename):\n        abort(400)\n'
              '    f.save(os.path.join(DIR, secure_filename(f.filename)))'),
    ('PY006', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    request.files["f"].save("/tmp/upload.bin")'),
    ('PY018', 'if password == confirm_password:\n    ok()'),
    ('PY018', 'if token == "keyword":\n    pass'),
    ('PY018', 'conn = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])'),
    ('PY019', FLASK + '@app.route("/me")\n@login_required\ndef me():\n    return "me"\n'
              '@app.route("/admin/users/<int:uid>/delete", methods=["POST"])\n@login_required\n@admin_required\n'
              'def delete_user(uid):\n    return "ok"'),
    ('PY019', FLASK + '@app.route("/admin/stats")\ndef stats():\n    return "no login anywhere in this module"'),
    ('PY021', 'import hashlib\netag = hashlib.md5(body).hexdigest()'),
    ('PY021', 'import hashlib\ntoken = hashlib.sha1(s, usedforsecurity=False).hexdigest()'),
    ('PY028', 'import requests\nrequests.post("https://api.example.com/login", json={"password": pw})'),
    ('PY028', 'import requests\nrequests.get("http://localhost:8080/health")'),
    ('PY028', 'import smtplib\ndef send():\n    s = smtplib.SMTP("mail.example.com", 587)\n    s.starttls()\n    s.login(USER, PASSWORD)'),
    ('PY038', 'from django.views.decorators.csrf import csrf_exempt\n@csrf_exempt\ndef webhook(request):\n'
              '    verify_signature(request.body, request.headers["X-Signature"])'),
    ('PY038', 'app.config["WTF_CSRF_ENABLED"] = True'),
    ('PY029', 'import jwt\ntok = jwt.encode({"sub": uid, "exp": exp}, KEY, algorithm="HS256")'),
    ('PY029', 'import jwt\nclaims = {"sub": uid}\nclaims["exp"] = exp\ntok = jwt.encode(claims, KEY, algorithm="HS256")'),
    ('PY029', 'import jwt\ntok = jwt.encode(build_claims(user), KEY, algorithm="HS256")'),
    ('PY040', FLASK + '@app.errorhandler(404)\ndef nf(e):\n    return jsonify(error="not found"), 404'),
    ('PY001', 'def count(conn, table):\n    if table not in {"users", "notes"}:\n        raise ValueError(table)\n'
              '    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()'),
    ('PY022', 'import random\nkey_frames = random.sample(range(n), k=4)'),
    ('PY009', FLASK + '@app.route("/r", methods=["POST"])\ndef r():\n    password = request.form["password"]\n'
              '    db.session.add(User(name=request.form["name"], password=generate_password_hash(password)))'),
    ('PY009', FLASK + '@app.route("/l", methods=["POST"])\ndef l():\n'
              '    user = authenticate(username=request.form["u"], password=request.form["password"])'),
    ('PY020', 'import hashlib, os\nd = hashlib.pbkdf2_hmac("sha256", pw.encode(), os.urandom(16), 600000)'),
    ('PY034', FLASK + '@app.route("/h")\ndef h():\n'
              '    return render_template_string("<p>{{ bio }}</p>", bio=request.args["bio"])'),
    ('PY003', 'import importlib\nmod = importlib.import_module("json")'),
    ('PY018', 'import os\nfrom cryptography.fernet import Fernet\nf = Fernet(os.environ["FERNET_KEY"].encode())'),
    ('PY044', FLASK + '@app.route("/d")\ndef d():\n    u = escape_filter_chars(request.args["user"])\n'
              '    return conn.search_s("dc=x", 2, f"(uid={u})")'),
    ('PY045', FLASK + '@app.route("/d")\ndef d():\n    return tree.xpath("//user[@name=$n]", n=request.args["n"])'),
    ('PY046', 'import re\n' + FLASK + '@app.route("/s")\ndef s():\n    return str(re.search(re.escape(request.args["p"]), TEXT))'),
    ('PY004', 'class Helper:\n    def get(self, filename):\n        return open(os.path.join("files", filename))'),
    ('PY018', 'import requests, os\nr = requests.get(URL, auth=("admin", os.environ["PW"]), timeout=5)'),
    ('PY002', 'def uptime(client):\n    client.exec_command("uptime")'),
    ('PY033', 'from jinja2 import Environment\nenv = Environment()\nT = env.from_string("Hi {{ n }}")'),
    ('PY050', 'import os\nold = os.umask(0)\nos.umask(old)'),
    ('PY034', 'from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape())'),
    ('PY001', 'def q():\n    return "SELECT * FROM users WHERE name = ?"\n'
              'def find(conn, name):\n    return conn.execute(q(), (name,))'),
    ('PY007', 'import pickle\nwith open("model.pkl", "rb") as f:\n    clf = pickle.load(f)'),
    ('PY007', 'import joblib\nMODEL_PATH = "models/clf.joblib"\nclf = joblib.load(MODEL_PATH)'),
    ('PY030', 'from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": ["https://a.example"]}}, supports_credentials=True)'),
    ('PY034', FLASK + '@app.route("/items/<int:item_id>", methods=["DELETE"])\ndef rm(item_id):\n'
              '    return f"Deleted item {item_id}"'),
    ('PY034', FLASK + '@app.route("/u", methods=["POST"])\ndef u():\n    return f"created {request.json[\'name\']}"'),
    ('PY026', 'from OpenSSL import SSL\nctx.set_verify(SSL.VERIFY_PEER, verify_cb)'),
    ('PY009', FLASK + '@app.route("/l", methods=["POST"])\ndef l():\n    resp = make_response("ok")\n'
              '    resp.set_cookie("session_id", new_session_id(), secure=True, httponly=True)\n    return resp'),
    ('PY004', FLASK + '@app.route("/d")\ndef d():\n    name = request.args["file"]\n'
              '    if ".." in name or name.startswith("/"):\n        abort(400)\n    return send_file(os.path.join(BASE, name))'),
    ('PY047', FLASK + '@app.route("/p", methods=["PATCH"])\ndef p():\n    for key, value in request.json.items():\n'
              '        if key in EDITABLE:\n            setattr(current_user, key, value)'),
    ('PY047', '@app.post("/items")\ndef create(item: ItemIn):\n    return Item(**item.dict())'),
    ('PY047', 'def create(request):\n    form = ItemForm(request.POST)\n    if form.is_valid():\n'
              '        Item.objects.create(**form.cleaned_data)'),
    ('PY001', 'table = "events"\ndef count(conn):\n    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()'),
    # issue 16, holdout4: the safe twins
    ('PY036', 'import aiohttp\nfrom aiohttp import web\nroutes = web.RouteTableDef()\n'
              'async def fetch_feed(session, url):\n    async with session.get(url) as resp:\n        return await resp.text()\n'
              '@routes.post("/preview")\nasync def preview(request):\n    data = await request.json()\n    url = data.get("url", "")\n'
              '    if not is_public_http_url(url):\n        return web.json_response({}, status=400)\n'
              '    return web.json_response(await fetch_feed(request.app["http"], url))'),
    ('PY015', FLASK + 'from flask import make_response\nCOOKIE = "sid"\n@app.post("/login")\ndef login():\n'
              '    db.session.add(SessionToken(token=new_token(), user=user))\n    return "ok"\n'
              '@app.post("/logout")\ndef logout():\n    SessionToken.query.filter_by(token=request.cookies.get(COOKIE)).delete()\n'
              '    resp = make_response("bye")\n    resp.delete_cookie(COOKIE)\n    return resp'),
    ('PY047', 'from fastapi import APIRouter, Depends\nrouter = APIRouter()\n@router.patch("/me")\n'
              'def me(body: ProfileUpdate, user: User = Depends(current)):\n    changes = body.model_dump(exclude_unset=True)\n'
              '    for field, value in changes.items():\n        setattr(user, field, value)\n    return user'),
    ('PY001', FLASK + 'def filters(args):\n    clauses = ["archived = 0"]\n    params = []\n    if args.get("c"):\n'
              '        clauses.append("category = ?")\n        params.append(args.get("c"))\n    return " AND ".join(clauses), params\n'
              '@app.get("/items")\ndef items():\n    where, params = filters(request.args)\n'
              '    return db.execute(f"SELECT * FROM items WHERE {where}", params).fetchall()'),
]


POSITIVE += LLM_POSITIVE  # issue 19: LLM applications
NEGATIVE += LLM_NEGATIVE


def _yaml_examples(kind: str) -> list[tuple[str, str]]:
    """A rule's own `examples: {bad: [...], good: [...]}` in rules/python.yaml: a new rule's test rows."""
    return [(rule.id, code) for rule in load_pack('python').values()
            for code in (rule.data.get('examples') or {}).get(kind, ())]


def _switched_on(rule_id: str) -> Config:
    """The config that runs `rule_id`, also when it is marked `default: off`."""
    return Config(rules={rule_id: load_pack('python')[rule_id].severity})


@pytest.mark.parametrize(('rule_id', 'code'), POSITIVE)
def test_rule_fires(rule_id: str, code: str) -> None:
    assert rule_id in rule_ids(code)


@pytest.mark.parametrize(('rule_id', 'code'), NEGATIVE)
def test_rule_stays_quiet(rule_id: str, code: str) -> None:
    assert rule_id not in rule_ids(code)


@pytest.mark.parametrize(('rule_id', 'code'), _yaml_examples('bad'))
def test_rule_fires_on_its_bad_examples(rule_id: str, code: str) -> None:
    assert rule_id in rule_ids(code, config=_switched_on(rule_id))


@pytest.mark.parametrize(('rule_id', 'code'), _yaml_examples('good'))
def test_rule_stays_quiet_on_its_good_examples(rule_id: str, code: str) -> None:
    assert rule_id not in rule_ids(code, config=_switched_on(rule_id))


def test_every_rule_has_positive_and_negative_cases() -> None:
    rules = set(load_pack('python'))
    assert rules == {r for r, _ in POSITIVE + _yaml_examples('bad')} | {'PY017', 'PY052'}  # off by default: below
    assert rules == {r for r, _ in NEGATIVE + _yaml_examples('good')} | {'PY052'}


HEADERS_ON = Config(rules={'PY052': Severity.INFO})


@pytest.mark.parametrize('code', [
    FLASK + '@app.route("/")\ndef home():\n    return "hi"',
    'import fastapi\napi = fastapi.FastAPI(title="orders")',
])
def test_security_headers_rule_fires_when_turned_on(code: str) -> None:
    assert 'PY052' not in rule_ids(code)  # off by default
    assert 'PY052' in rule_ids(code, config=HEADERS_ON)


@pytest.mark.parametrize('code', [
    FLASK + 'from flask_talisman import Talisman\nTalisman(app)',
    FLASK + '@app.after_request\ndef headers(resp):\n'
            '    resp.headers["Content-Security-Policy"] = "default-src \'self\'"\n    return resp',
    'from fastapi import FastAPI\nfrom secure import Secure\napp = FastAPI()\nsecure_headers = Secure()',
    'class Flask:\n    pass\nthing = Flask()',
])
def test_security_headers_rule_stays_quiet_when_headers_are_set(code: str) -> None:
    assert 'PY052' not in rule_ids(code, config=HEADERS_ON)


def test_default_off_rule_runs_when_config_names_it() -> None:
    code = FLASK + '@app.route("/login", methods=["POST"])\ndef login():\n' \
                   '    if check_password_hash(u.pw, request.form["password"]):\n        return "ok"'
    assert 'PY017' not in rule_ids(code)
    assert 'PY017' in rule_ids(code, config=Config(rules={'PY017': Severity.INFO}))
    limited = 'from flask_limiter import Limiter\n' + code
    assert 'PY017' not in rule_ids(limited, config=Config(rules={'PY017': Severity.INFO}))


def test_assert_rule_ignores_test_files() -> None:
    assert 'PY043' not in rule_ids('assert g.user.is_admin', path='tests/test_admin.py')


def test_ordinary_executable_mode_is_not_world_writable() -> None:
    assert 'PY050' not in rule_ids('import os\nos.chmod(path, 0o755)')
    assert 'PY050' in rule_ids('import os\nos.chmod(path, 0o777)')


def _chain(depth: int) -> str:
    helpers = ''.join(f'def f{i}(x):\n    return f{i + 1}(x)\n' for i in range(depth))
    return FLASK + helpers + f'def f{depth}(x):\n    return x\n' \
        '@app.route("/d")\ndef d():\n    return send_file(f0(request.args["p"]))\n'


def test_helpers_are_followed_a_few_levels_deep_and_long_chains_end_cleanly() -> None:
    import ast

    from aiguard.scanners.python import _link_parents
    from aiguard.scanners.python_checks import taint

    assert 'PY004' in rule_ids(_chain(taint.HELPER_DEPTH - 2))
    # generated code with a 600-deep chain: not followed, and no RecursionError on the way
    tree = ast.parse(_chain(600))
    _link_parents(tree)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and taint.call_name(n) == 'send_file')
    assert taint.scope_facts(call).is_tainted(call.args[0]) is False
    assert 'PY004' not in rule_ids(_chain(600))
