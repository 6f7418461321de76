"""Dashboard filters — the same names as the case list (``selectors.CaseFilter``).

Using the case list's own parameter names (``reported_from``, ``reported_to``,
``region``, ``category``, ``alert_level``) means every figure can link to
``/kasus/?…`` with exactly the filter that produced it.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases.access import FIELD_BY_PREFIX_LENGTH
from selaras.cases.models import AlertLevel, Category
from selaras.core.errors import ValidationError

MAX_MONTHS = 36
PERIODS = ("12m", "30d", "90d", "year")


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def local_today() -> date:
    return timezone.localdate()


def day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


@dataclass(frozen=True)
class DashboardFilter:
    date_from: date
    date_to: date
    region: str = ""
    category: str = ""
    alert_level: int | None = None
    period: str = "12m"

    @classmethod
    def default(cls) -> "DashboardFilter":
        today = local_today()
        return cls(date_from=add_months(month_start(today), -11), date_to=today)

    @classmethod
    def from_params(cls, params) -> "DashboardFilter":
        """Parse GET parameters; raise ValidationError (field → messages) when bad."""
        errors: dict[str, list[str]] = {}
        flt = cls.default()
        today = local_today()

        def get(name: str) -> str:
            value = params.get(name, "") if params is not None else ""
            text = str(value or "").strip()
            if "\x00" in text:
                # PostgreSQL cannot even compare text with NUL in it.
                errors[name] = [_("Contains a character that is not allowed.")]
                return ""
            return text[:100]

        period = get("period") or "12m"
        if period not in PERIODS and period != "custom":
            errors["period"] = [_("Choose one of the offered periods.")]
            period = "12m"
        if period == "30d":
            flt = replace(flt, date_from=today - timedelta(days=29))
        elif period == "90d":
            flt = replace(flt, date_from=today - timedelta(days=89))
        elif period == "year":
            flt = replace(flt, date_from=date(today.year, 1, 1))
        flt = replace(flt, period=period)
        for name, attr in (("reported_from", "date_from"), ("reported_to", "date_to")):
            raw = get(name)
            if raw:
                try:
                    flt = replace(flt, **{attr: date.fromisoformat(raw)}, period="custom")
                except ValueError:
                    errors[name] = [_("Use the date format YYYY-MM-DD.")]
        if flt.date_from > flt.date_to:
            errors["reported_to"] = [_("The end date is before the start date.")]
        elif add_months(month_start(flt.date_from), MAX_MONTHS) <= month_start(flt.date_to):
            errors["reported_from"] = [
                _("Choose a period of at most %(n)d months.") % {"n": MAX_MONTHS}]
        region = get("region").replace(".", "")
        if region and not (region.isdigit() and len(region) in (2, 4, 6)):
            errors["region"] = [_("Choose a province, regency/city or district.")]
        category = get("category")
        if category and not Category.objects.filter(code=category, parent=None).exists():
            errors["category"] = [_("Unknown category '%(v)s'.") % {"v": category[:60]}]
        level = get("alert_level")
        level_value = None
        if level:
            try:
                level_value = int(level)
                if level_value not in AlertLevel.values:
                    raise ValueError
            except ValueError:
                errors["alert_level"] = [_("Alert level must be 1, 2 or 3.")]
        if errors:
            raise ValidationError(errors)
        return replace(flt, region=region, category=category, alert_level=level_value)

    # ----------------------------------------------------------------- querying

    def where(self, *, with_period: bool = True) -> Q:
        q = Q()
        if self.region:
            q &= Q(**{FIELD_BY_PREFIX_LENGTH[len(self.region)]: self.region})
        if self.category:
            q &= Q(category_id=self.category)
        if self.alert_level:
            q &= Q(alert_level=self.alert_level)
        if with_period:
            q &= Q(reported_at__gte=day_start(self.date_from),
                   reported_at__lt=day_start(self.date_to + timedelta(days=1)))
        return q

    def apply(self, queryset: QuerySet, *, with_period: bool = True) -> QuerySet:
        return queryset.filter(self.where(with_period=with_period))

    def months(self) -> list[date]:
        """First days of the months of the period, oldest first."""
        out, current = [], month_start(self.date_from)
        while current <= self.date_to:
            out.append(current)
            current = add_months(current, 1)
        return out

    # ----------------------------------------------------------------- links

    def params(self, *, with_period: bool = True) -> dict[str, str]:
        out: dict[str, str] = {}
        if with_period:
            out["reported_from"] = self.date_from.isoformat()
            out["reported_to"] = self.date_to.isoformat()
        if self.region:
            out["region"] = self.region
        if self.category:
            out["category"] = self.category
        if self.alert_level:
            out["alert_level"] = str(self.alert_level)
        return out

    def case_list_url(self, *, with_period: bool = True, **extra) -> str:
        """``/kasus/?…`` with this filter and ``extra`` (which overrides)."""
        params = self.params(with_period=with_period)
        for key, value in extra.items():
            if value in (None, "", []):
                params.pop(key, None)
            elif isinstance(value, list | tuple):
                params[key] = ",".join(str(v) for v in value)
            else:
                params[key] = str(value)
        return f"{reverse('case-list')}?{urlencode(params)}"

    def query_string(self) -> str:
        params = self.params()
        if self.period != "custom":
            params = {k: v for k, v in params.items() if not k.startswith("reported_")}
            params["period"] = self.period
        return urlencode(params)
