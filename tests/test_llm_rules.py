"""LLM application rules (issue 19), Python: code as assistants write it for the OpenAI, Anthropic,
LangChain, LlamaIndex and Hugging Face clients, flowing across lines and helpers; and close code
that must stay quiet (user input in the user turn, validated output, pinned remote code).

test_python_rules.py runs these tables with every other Python rule's."""
from __future__ import annotations

FLASK = 'from flask import Flask, request, jsonify\nimport os\napp = Flask(__name__)\nclient = OpenAI()\n'
FASTAPI = 'from fastapi import FastAPI, Request\nimport os\napp = FastAPI()\n'

ASK_HELPER = (
    'from openai import OpenAI\nclient = OpenAI()\n'
    'def ask(prompt: str) -> str:\n'
    '    resp = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])\n'
    '    return resp.choices[0].message.content.strip()\n'
)

PY_POSITIVE = [
    # PY060 prompt injection
    ('PY060', FLASK + '@app.post("/chat")\ndef chat():\n    persona = request.json["persona"]\n'
              '    messages = [{"role": "system", "content": f"You are {persona}. Answer briefly."},\n'
              '                {"role": "user", "content": request.json["question"]}]\n'
              '    resp = client.chat.completions.create(model="gpt-4o", messages=messages)\n'
              '    return jsonify(answer=resp.choices[0].message.content)'),
    ('PY060', FLASK + 'import anthropic\nclaude = anthropic.Anthropic()\n'
              'def build_system(tone):\n    return "You are a support bot. Tone: " + tone\n'
              '@app.post("/support")\ndef support():\n    data = request.get_json()\n'
              '    msg = claude.messages.create(model="claude-sonnet-4-5", max_tokens=1024,\n'
              '                                 system=build_system(data["tone"]),\n'
              '                                 messages=[{"role": "user", "content": data["message"]}])\n'
              '    return jsonify(reply=msg.content[0].text)'),
    ('PY060', FASTAPI + 'from langchain_core.messages import SystemMessage, HumanMessage\n'
              '@app.post("/ask")\nasync def ask(request: Request):\n    body = await request.json()\n'
              '    return llm.invoke([SystemMessage(content=body["instructions"]), HumanMessage(content=body["q"])])'),
    ('PY060', FLASK + 'from langchain_core.prompts import ChatPromptTemplate\n'
              '@app.route("/summarize", methods=["POST"])\ndef summarize():\n    style = request.form.get("style", "")\n'
              '    prompt = ChatPromptTemplate.from_messages([("system", "Summarize in the style of " + style), ("human", "{text}")])\n'
              '    return (prompt | llm).invoke({"text": request.form["text"]}).content'),
    ('PY060', FLASK + 'from langchain_core.tools import Tool\n@app.post("/tools")\ndef add_tool():\n'
              '    t = Tool(name="lookup", func=lookup, description=request.json["description"])\n    agent_tools.append(t)\n    return "ok"'),
    ('PY060', FLASK + '@app.post("/proxy")\ndef proxy():\n'
              '    resp = client.chat.completions.create(model="gpt-4o", messages=request.json["messages"])\n'
              '    return jsonify(resp.model_dump())'),
    ('PY060', FLASK + 'from llama_index.core.chat_engine import SimpleChatEngine\n@app.post("/engine")\ndef engine():\n'
              '    chat_engine = SimpleChatEngine.from_defaults(system_prompt=request.json.get("system"))\n'
              '    return str(chat_engine.chat(request.json["msg"]))'),
    # PY061 output as code
    ('PY061', ASK_HELPER + 'def calculate(question):\n    expr = ask(f"Turn into a Python expression: {question}")\n'
              '    return eval(expr)'),
    ('PY061', 'import anthropic\nclient = anthropic.Anthropic()\ndef run_generated(task):\n'
              '    msg = client.messages.create(model="claude-sonnet-4-5", max_tokens=2048,\n'
              '                                 messages=[{"role": "user", "content": f"Write Python code that {task}"}])\n'
              '    code = msg.content[0].text\n    code = code.removeprefix("```python").removesuffix("```")\n'
              '    exec(code, {})'),
    ('PY061', 'from langchain_experimental.utilities import PythonREPL\nrepl = PythonREPL()\n'
              'def solve(chain, q):\n    program = chain.invoke({"question": q})\n    return repl.run(program)'),
    ('PY061', ASK_HELPER + 'def run_snippet(snippet):\n    exec(compile(snippet, "<llm>", "exec"))\n'
              'def handle(task):\n    run_snippet(ask(task))'),
    # PY062 output as command
    ('PY062', 'import subprocess\ndef do(agent, task):\n    cmd = agent.run(f"Write one bash command to {task}")\n'
              '    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout'),
    ('PY062', ASK_HELPER + 'import os, shlex, subprocess\ndef fix_env(problem):\n'
              '    suggestion = ask("Suggest a command to fix: " + problem)\n    subprocess.run(shlex.split(suggestion))'),
    ('PY062', 'import os, ollama\ndef shell_assist(q):\n'
              '    r = ollama.chat(model="llama3", messages=[{"role": "user", "content": q}])\n'
              '    os.system(r["message"]["content"])'),
    # PY063 output as SQL
    ('PY063', 'import sqlite3\nfrom langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")\n'
              'def answer(question):\n    sql = llm.invoke(f"Write SQLite SQL for: {question}").content\n'
              '    conn = sqlite3.connect("shop.db")\n    return conn.execute(sql).fetchall()'),
    ('PY063', ASK_HELPER + 'def report(cursor, q):\n    query = ask(q).replace("```sql", "").replace("```", "")\n'
              '    cursor.execute(query)\n    return cursor.fetchall()'),
    ('PY063', 'from langchain_community.utilities import SQLDatabase\ndb = SQLDatabase.from_uri("sqlite:///chinook.db")\n'
              'def run_query(chain, q):\n    generated = chain.invoke({"question": q})\n    return db.run(generated)'),
    # PY064 output as HTML
    ('PY064', FLASK + 'from markupsafe import Markup\nimport markdown\n@app.post("/answer")\ndef answer():\n'
              '    text = qa_chain.invoke({"query": request.form["q"]})["result"]\n'
              '    return render_template("answer.html", answer=Markup(markdown.markdown(text)))'),
    ('PY064', 'import streamlit as st\nq = st.text_input("Question")\nif q:\n'
              '    resp = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n'
              '    st.markdown(resp.choices[0].message.content, unsafe_allow_html=True)'),
    ('PY064', FASTAPI + 'from fastapi.responses import HTMLResponse\n@app.get("/page")\nasync def page(topic: str):\n'
              '    html = query_engine.query(f"Write an HTML page about {topic}").response\n    return HTMLResponse(html)'),
    # PY065 output as path
    ('PY065', ASK_HELPER + 'def save_note(note):\n    filename = ask(f"Suggest a file name for: {note}")\n'
              '    with open(filename, "w") as f:\n        f.write(note)'),
    ('PY065', 'import shutil\ndef cleanup(agent):\n    target = agent.invoke({"input": "which build directory is stale?"})["output"]\n'
              '    shutil.rmtree(target)'),
    # PY066 agents with code execution
    ('PY066', 'from langchain_experimental.tools import PythonREPLTool\nfrom langchain.agents import create_react_agent\n'
              'tools = [PythonREPLTool()]\nagent = create_react_agent(llm, tools, prompt)'),
    ('PY066', 'from langchain_experimental.agents import create_pandas_dataframe_agent\n'
              'agent = create_pandas_dataframe_agent(llm, df, verbose=True, allow_dangerous_code=True)'),
    ('PY066', 'from langchain_community.tools import ShellTool\nshell_tool = ShellTool()'),
    ('PY066', 'from langchain_community.agent_toolkits.load_tools import load_tools\n'
              'tools = load_tools(["serpapi", "terminal"], llm=llm, allow_dangerous_tools=True)'),
    ('PY066', 'from langchain_community.agent_toolkits.openapi.toolkit import RequestsToolkit\n'
              'toolkit = RequestsToolkit(requests_wrapper=TextRequestsWrapper(headers={}), allow_dangerous_requests=True)'),
    ('PY066', 'import autogen\nuser_proxy = autogen.UserProxyAgent("user", code_execution_config={"work_dir": "coding", "use_docker": False})'),
    # PY067 remote code
    ('PY067', 'from transformers import AutoModelForCausalLM, AutoTokenizer\nname = "org/new-model"\n'
              'tok = AutoTokenizer.from_pretrained(name)\nmodel = AutoModelForCausalLM.from_pretrained(name, trust_remote_code=True, device_map="auto")'),
    ('PY067', 'from transformers import pipeline\npipe = pipeline("text-generation", model="org/m", trust_remote_code=True, revision="main")'),
    ('PY067', 'from sentence_transformers import SentenceTransformer\nm = SentenceTransformer("org/embed", trust_remote_code=True)'),
    # PY007: model files through pickle
    ('PY007', 'import joblib\nfrom huggingface_hub import hf_hub_download\n'
              'path = hf_hub_download(repo_id="org/sklearn-model", filename="model.joblib")\nclf = joblib.load(path)'),
    ('PY007', 'import torch\nstate = torch.load(downloaded_checkpoint, map_location="cpu")'),
    ('PY007', 'from langchain_community.vectorstores import FAISS\n'
              'store = FAISS.load_local(index_dir, embeddings, allow_dangerous_deserialization=True)'),
    # PY068 provider keys
    ('PY068', FLASK + '@app.get("/config")\ndef config():\n    return {"openaiKey": os.environ["OPENAI_API_KEY"], "model": "gpt-4o"}'),
    ('PY068', FLASK + '@app.route("/")\ndef index():\n    key = os.getenv("ANTHROPIC_API_KEY")\n'
              '    return render_template("chat.html", api_key=key)'),
    ('PY068', 'import os, logging\nlogger = logging.getLogger(__name__)\n'
              'logger.info(f"Using OpenAI key {os.getenv(\'OPENAI_API_KEY\')}")'),
    ('PY068', 'import os\nprint("GROQ key:", os.environ.get("GROQ_API_KEY"))'),
    # PY069 unbounded generation
    ('PY069', FLASK + '@app.post("/gen")\ndef gen():\n    data = request.json\n'
              '    resp = client.chat.completions.create(model="gpt-4o", messages=data["messages"][-1:],\n'
              '                                          max_tokens=int(data["max_tokens"]))\n    return resp.choices[0].message.content'),
    ('PY069', FLASK + '@app.post("/gen2")\ndef gen2():\n'
              '    out = pipe(request.json["prompt"], max_new_tokens=request.json.get("max_new_tokens", 256))\n    return out[0]["generated_text"]'),
    ('PY069', 'from langchain.agents import AgentExecutor\nexecutor = AgentExecutor(agent=agent, tools=tools, max_iterations=None)'),
]

PY_NEGATIVE = [
    # user input in the user turn is how a chat works
    ('PY060', FLASK + '@app.post("/chat")\ndef chat():\n'
              '    messages = [{"role": "system", "content": "You are a helpful assistant."},\n'
              '                {"role": "user", "content": request.json["question"]}]\n'
              '    return client.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message.content'),
    ('PY060', FLASK + 'PERSONAS = {"tutor": "You are a patient tutor.", "coder": "You are a senior engineer."}\n'
              '@app.post("/chat")\ndef chat():\n    system = PERSONAS.get(request.json.get("persona"), PERSONAS["tutor"])\n'
              '    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system},\n'
              '        {"role": "user", "content": request.json["q"]}])'),
    ('PY060', 'import sys\nsystem = sys.argv[1]\nresp = client.messages.create(model="claude-sonnet-4-5", max_tokens=100, system=system,\n'
              '    messages=[{"role": "user", "content": sys.argv[2]}])'),
    ('PY060', 'from langchain_core.prompts import ChatPromptTemplate\n'
              'prompt = ChatPromptTemplate.from_messages([("system", "You answer as {persona}."), ("human", "{question}")])'),
    ('PY060', FLASK + '@app.post("/p")\ndef p():\n    history = [{"role": "user", "content": m} for m in request.json["turns"]]\n'
              '    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, *history])'),
    # output validated, parsed as data, or shown escaped
    ('PY061', ASK_HELPER + 'import ast\ndef calc(q):\n    return ast.literal_eval(ask(q))'),
    ('PY061', 'def run_tests():\n    code = open("generated_tests.py").read()\n    exec(compile(code, "t", "exec"), {})'),
    ('PY062', ASK_HELPER + 'import subprocess\nACTIONS = {"restart": ["systemctl", "restart", "app"], "status": ["systemctl", "status", "app"]}\n'
              'def act(q):\n    action = ask(q)\n    if action not in ACTIONS:\n        raise ValueError(action)\n'
              '    subprocess.run(ACTIONS[action], check=True)'),
    ('PY062', 'import subprocess\ndef git_log(agent):\n    summary = agent.run("summarise")\n'
              '    subprocess.run(["git", "commit", "-m", "docs"], check=True)\n    return summary'),
    ('PY063', ASK_HELPER + 'def store(cursor, q):\n    answer = ask(q)\n'
              '    cursor.execute("INSERT INTO answers (question, answer) VALUES (?, ?)", (q, answer))'),
    ('PY063', 'import subprocess\ndef build(chain):\n    subprocess.run(["make"])\n    return chain.invoke({"x": 1})'),
    ('PY064', FLASK + 'from markupsafe import Markup, escape\n@app.post("/a")\ndef a():\n'
              '    text = qa_chain.invoke({"query": request.form["q"]})["result"]\n'
              '    return render_template("a.html", answer=text, footer=Markup("<hr>"))'),
    ('PY064', 'import streamlit as st\nresp = client.chat.completions.create(model="gpt-4o", messages=msgs)\n'
              'st.markdown(resp.choices[0].message.content)\nst.markdown("<b>Note</b>", unsafe_allow_html=True)'),
    ('PY065', ASK_HELPER + 'from pathlib import Path\nWORK = Path("work")\ndef save(note):\n'
              '    name = ask("file name for " + note)\n    if not name.isidentifier():\n        raise ValueError(name)\n'
              '    with open(WORK / f"{name}.txt", "w") as f:\n        f.write(note)'),
    ('PY065', ASK_HELPER + 'def log_answer(q):\n    with open("answers.log", "a") as f:\n        f.write(ask(q))'),
    ('PY066', 'from langchain_community.tools import DuckDuckGoSearchRun\ntools = [DuckDuckGoSearchRun()]\n'
              'agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=False)'),
    ('PY066', 'import autogen\nproxy = autogen.UserProxyAgent("u", code_execution_config={"work_dir": "c", "use_docker": True})'),
    ('PY067', 'from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased")'),
    ('PY067', 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", trust_remote_code=True,\n'
              '    revision="3f2a9c1d0b8e7f6a5c4d3e2f1a0b9c8d7e6f5a4b")'),
    ('PY068', FLASK + '@app.post("/chat")\ndef chat():\n    c = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
              '    r = c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.json["q"]}])\n'
              '    return jsonify(answer=r.choices[0].message.content)'),
    ('PY068', 'import os, logging\nlog = logging.getLogger()\n'
              'log.info("OpenAI key configured: %s", "OPENAI_API_KEY" in os.environ)'),
    ('PY069', FLASK + '@app.post("/gen")\ndef gen():\n    max_tokens = min(int(request.json.get("max_tokens", 512)), 1024)\n'
              '    return client.chat.completions.create(model="gpt-4o", messages=msgs, max_tokens=max_tokens)'),
    ('PY069', 'from langchain.agents import AgentExecutor\nexecutor = AgentExecutor(agent=agent, tools=tools, max_iterations=8)\n'
              'resp = client.chat.completions.create(model="gpt-4o", messages=msgs, max_tokens=1024)'),
]
