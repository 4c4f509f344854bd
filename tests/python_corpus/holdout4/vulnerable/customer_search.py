# cwe: CWE-89
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.views import View

from crm.models import Customer


class CustomerSearchView(LoginRequiredMixin, View):
    """GET /crm/customers/search?q=acme&sort=name"""

    sort_fields = {"name": "name", "created": "created_at", "revenue": "lifetime_value"}

    def get_queryset(self, term, sort):
        order = self.sort_fields.get(sort, "name")
        sql = (
            "SELECT * FROM crm_customer "
            "WHERE account_id = %s AND (name ILIKE '%%" + term + "%%' OR email ILIKE '%%" + term + "%%') "
            "ORDER BY " + order
        )
        return Customer.objects.raw(sql, [self.request.user.account_id])

    def get(self, request):
        term = request.GET.get("q", "").strip()
        sort = request.GET.get("sort", "name")
        customers = self.get_queryset(term, sort)[:50]
        data = [
            {"id": c.pk, "name": c.name, "email": c.email, "ltv": str(c.lifetime_value)}
            for c in customers
        ]
        return JsonResponse({"results": data})
