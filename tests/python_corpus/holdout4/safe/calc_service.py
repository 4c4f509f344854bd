import ast
import math
import operator

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="unit-calculator")

CONSTANTS = {"pi": math.pi, "e": math.e, "g": 9.80665}
FUNCTIONS = {"sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "log": math.log}
BIN_OPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow, ast.Mod: operator.mod,
}
UNARY_OPS = {ast.UAdd: operator.pos, ast.USub: operator.neg}


class Expression(BaseModel):
    expr: str
    variables: dict[str, float] = {}


def _eval(node, names):
    if isinstance(node, ast.Expression):
        return _eval(node.body, names)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in BIN_OPS:
        return BIN_OPS[type(node.op)](_eval(node.left, names), _eval(node.right, names))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY_OPS:
        return UNARY_OPS[type(node.op)](_eval(node.operand, names))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS and not node.keywords):
        return FUNCTIONS[node.func.id](*[_eval(a, names) for a in node.args])
    raise ValueError("unsupported expression")


def evaluate(expr: str, variables: dict[str, float]) -> float:
    tree = ast.parse(expr, mode="eval")
    return _eval(tree, {**CONSTANTS, **variables})


@app.post("/evaluate")
def evaluate_endpoint(body: Expression):
    if len(body.expr) > 300:
        raise HTTPException(status_code=400, detail="expression too long")
    try:
        value = evaluate(body.expr, body.variables)
    except ZeroDivisionError:
        raise HTTPException(status_code=422, detail="division by zero")
    except (ValueError, SyntaxError, TypeError, OverflowError):
        raise HTTPException(status_code=422, detail="could not evaluate expression")
    return {"expr": body.expr, "value": float(value)}
