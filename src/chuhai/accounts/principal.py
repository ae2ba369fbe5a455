"""Who is acting, and what they may see or change. Every service call takes a Principal."""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.errors import Forbidden
from chuhai.types import RoleCode


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int | None
    role: RoleCode
    display_name: str = ""
    enterprise_id: int | None = None
    buyer_id: int | None = None
    provider_id: int | None = None
    locale: str = "zh_CN"

    @property
    def is_operator(self) -> bool:
        return self.role == RoleCode.OPERATOR

    def require(self, *roles: RoleCode) -> None:
        if self.role not in roles:
            raise Forbidden("Your role may not do this.")

    def owns_enterprise(self, enterprise_id: int | None) -> bool:
        return self.role == RoleCode.ENTERPRISE and enterprise_id is not None and self.enterprise_id == enterprise_id

    def owns_buyer(self, buyer_id: int | None) -> bool:
        return self.role == RoleCode.BUYER and buyer_id is not None and self.buyer_id == buyer_id

    def may_see_enterprise_private(self, enterprise_id: int) -> bool:
        return self.is_operator or self.owns_enterprise(enterprise_id)

    def may_see_buyer_private(self, buyer_id: int) -> bool:
        return self.is_operator or self.owns_buyer(buyer_id)


SYSTEM = Principal(user_id=None, role=RoleCode.OPERATOR, display_name="system")
