"""The office's people: the list, a new liaison or office admin, one person's page (last
login, reset password, deactivate or reactivate).

A new account, or a reset without a temporary password, gets a one-time link to set its
password (Django's ``default_token_generator``: it stops working once the password is set or
the person signs in, and after ``PASSWORD_RESET_TIMEOUT``). The link is shown once, on the
person's page right after, and emailed when the person has an address.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import add_domain_error
from openday.orgs import people
from openday.orgs.enums import Role
from openday.orgs.forms import ActiveForm, PasswordResetForm, PersonForm
from openday.orgs.models import Membership
from openday.orgs.permissions import access_person, access_region_admin
from openday.orgs.selectors import must_change_password, office_name, people_of_region

NAV = "people"
LINK_KEY = "openday_set_password_link"


def set_password_link(request: HttpRequest, user) -> str:
    """The absolute one-time link for ``user`` to set their password."""
    path = reverse(
        "staff:account-set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def _hand_out_link(request: HttpRequest, user, region) -> None:
    """Keep the link for the next page (shown once) and email it when there is an address."""
    link = set_password_link(request, user)
    request.session[LINK_KEY] = {"user_id": user.pk, "link": link}
    if not user.email:
        return
    sender = office_name(region)
    try:
        send_mail(
            subject="请设置政务公开主题日工作台的登录密码",
            message=(
                f"{user.get_full_name() or user.username}：\n\n"
                f"{sender}为您开通了政务公开主题日工作台账号，用户名：{user.username}。\n"
                f"请打开以下链接设置登录密码（链接只能使用一次）：\n{link}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        messages.warning(
            request, f"设置密码的链接未能发送到 {user.email}，请把下面的链接告诉本人。"
        )
    else:
        messages.info(request, f"设置密码的链接已发送到 {user.email}。")


@require_safe
@login_required
def person_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    return render(
        request,
        "orgs/person_list.html",
        {"region": region, "people": list(people_of_region(region)), "nav": NAV},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def person_create(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    data = request.POST if request.method == "POST" else None
    # "添加联络员" beside a unit comes with ``?unit=<id>``.
    initial = {"role": Role.UNIT_LIAISON, "unit": request.GET.get("unit")}
    form = PersonForm(data, region=region, initial=initial)
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            user = people.person_create(
                actor=request.user,
                region=region,
                username=values["username"],
                full_name=values["full_name"],
                email=values["email"],
                role=values["role"],
                unit=values["unit"],
                password=values["password"],
            )
        except PermissionDenied:
            raise
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"已开通账号“{user.username}”。")
            if not values["password"]:
                _hand_out_link(request, user, region)
            return redirect("staff:person-detail", region_slug=region.slug, user_id=user.pk)
    return render(
        request,
        "orgs/person_create.html",
        {"region": region, "form": form, "nav": NAV},
        status=400 if form.errors else 200,
    )


def _render_person(request, region, person, *, reset_form=None, problem="", status=200):
    shown = request.session.pop(LINK_KEY, None)
    link = shown["link"] if shown and shown["user_id"] == person.pk else ""
    return render(
        request,
        "orgs/person_detail.html",
        {
            "region": region,
            "person": person,
            "memberships": Membership.objects.filter(user=person, region=region)
            .select_related("unit")
            .order_by("role", "unit__name"),
            "must_change": must_change_password(person),
            "has_password": person.has_usable_password(),
            "link": link,
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "reset_form": reset_form or PasswordResetForm(),
            "problem": problem,
            "is_self": person.pk == request.user.pk,
            "nav": NAV,
        },
        status=status,
    )


@require_safe
@login_required
def person_detail(request: HttpRequest, region_slug: str, user_id: int) -> HttpResponse:
    region, person = access_person(request.scope, region_slug, user_id)
    return _render_person(request, region, person)


@require_POST
@login_required
def person_password_reset(request: HttpRequest, region_slug: str, user_id: int) -> HttpResponse:
    region, person = access_person(request.scope, region_slug, user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        password = form.cleaned_data["password"]
        try:
            person = people.person_password_reset(
                actor=request.user, region=region, user=person, password=password
            )
        except PermissionDenied:
            raise
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if password:
                messages.success(request, "已设置临时密码，本人下次登录时必须修改。")
            else:
                messages.success(request, "原密码已失效，已生成新的一次性链接。")
                _hand_out_link(request, person, region)
            return redirect("staff:person-detail", region_slug=region.slug, user_id=person.pk)
    return _render_person(request, region, person, reset_form=form, status=400)


@require_POST
@login_required
def person_active(request: HttpRequest, region_slug: str, user_id: int) -> HttpResponse:
    region, person = access_person(request.scope, region_slug, user_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return _render_person(
            request, region, person, problem="请说明要启用还是停用该账号。", status=400
        )
    active = form.cleaned_data["active"]
    try:
        people.person_set_active(actor=request.user, region=region, user=person, active=active)
    except PermissionDenied:
        raise
    except DomainError as error:
        return _render_person(request, region, person, problem=error.message, status=400)
    messages.success(request, f"账号“{person.username}”已{'启用' if active else '停用'}。")
    return redirect("staff:person-detail", region_slug=region.slug, user_id=person.pk)
