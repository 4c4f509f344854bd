from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse

from ledger.models import Entry

BALANCE_SQL = """
    SELECT e.id, e.account_id, e.posted_on, e.amount,
           SUM(e.amount) OVER (PARTITION BY e.account_id ORDER BY e.posted_on, e.id) AS running_balance
    FROM ledger_entry e
    WHERE e.company_id = %s
      AND e.account_id = %s
      AND e.posted_on BETWEEN %s AND %s
    ORDER BY e.posted_on, e.id
"""


@login_required
def account_statement(request, account_id: int):
    try:
        start = date.fromisoformat(request.GET.get("from", "2000-01-01"))
        end = date.fromisoformat(request.GET.get("to", date.today().isoformat()))
    except ValueError:
        return HttpResponseBadRequest("dates must be YYYY-MM-DD")

    entries = Entry.objects.raw(
        BALANCE_SQL, [request.user.company_id, account_id, start, end]
    )
    return JsonResponse(
        {
            "account": account_id,
            "entries": [
                {
                    "id": e.id,
                    "posted_on": e.posted_on.isoformat(),
                    "amount": str(e.amount),
                    "balance": str(e.running_balance),
                }
                for e in entries
            ],
        }
    )
