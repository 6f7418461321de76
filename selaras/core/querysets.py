"""The single read path: ``Model.objects.restrict(user, action)`` (NetBox's pattern).

A model opts in by setting ``access_policy`` to an object with
``q_for(user, action) -> Q | None``: ``None`` means "nothing", an empty ``Q()``
means "everything". No view or endpoint filters by jurisdiction on its own.
"""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        policy = getattr(self.model, "access_policy", None)
        if policy is None:
            raise TypeError(f"{self.model.__name__} has no access_policy")
        q = policy.q_for(user, action)
        if q is None:
            return self.none()
        if not q:
            return self.all()
        return self.filter(q)
