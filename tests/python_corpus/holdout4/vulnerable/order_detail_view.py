# cwe: CWE-639
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from shop.models import Order


def serialize_order(order):
    return {
        "id": order.pk,
        "status": order.status,
        "total": str(order.total),
        "shipping_address": order.shipping_address,
        "items": [
            {"sku": item.product.sku, "name": item.product.name, "qty": item.quantity}
            for item in order.items.select_related("product")
        ],
    }


@login_required
def my_orders(request):
    orders = Order.objects.filter(customer=request.user).order_by("-created_at")[:20]
    return JsonResponse({"orders": [serialize_order(o) for o in orders]})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    return JsonResponse(serialize_order(order))
