# cwe: CWE-95
import math

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="unit-calculator")

CONSTANTS = {"pi": math.pi, "e": math.e, "g": 9.80665}


class Expression(BaseModel):
    expr: str
    variables: dict[str, float] = {}


def evaluate(expr: str, variables: dict[str, float]) -> float:
    scope = {"__builtins__": {}}
    scope.update({name: getattr(math, name) for name in ("sqrt", "sin", "cos", "log")})
    scope.update(CONSTANTS)
    scope.update(variables)
    return eval(expr, scope)


@app.post("/evaluate")
def evaluate_endpoint(body: Expression):
    if len(body.expr) > 300:
        raise HTTPException(status_code=400, detail="expression too long")
    try:
        value = evaluate(body.expr, body.variables)
    except ZeroDivisionError:
        raise HTTPException(status_code=422, detail="division by zero")
    except Exception:
        raise HTTPException(status_code=422, detail="could not evaluate expression")
    return {"expr": body.expr, "value": float(value)}
