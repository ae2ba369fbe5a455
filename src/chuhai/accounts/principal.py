"""Who is acting, and what they may see or change. Every service call takes a Principal."""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.errors import Forbidden
from chuhai.types import RoleCode, VerificationStatus


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int | None
    role: RoleCode
    display_name: str = ""
    enterprise_id: int | None = None
    buyer_id: int | None = None
    provider_id: int | None = None
    locale: str = "zh_CN"
    # The operator's verification of the member's enterprise (None: not an enterprise member, or not known).
    enterprise_status: VerificationStatus | None = None

    @property
    def is_operator(self) -> bool:
        return self.role == RoleCode.OPERATOR

    def require(self, *roles: RoleCode) -> None:
        if self.role not in roles:
            raise Forbidden("Your role may not do this.")

    @property
    def enterprise_verified(self) -> bool:
        return self.enterprise_status == VerificationStatus.VERIFIED

    def require_standing(self) -> None:
        """An enterprise member acts for its enterprise unless the operator rejected it (reading its own
        records stays allowed). Pending enterprises act; verified-only demands check `enterprise_verified`."""
        if self.role == RoleCode.ENTERPRISE and self.enterprise_status == VerificationStatus.REJECTED:
            raise Forbidden("Your enterprise's verification was rejected; it cannot change anything on Chuhai "
                            "until the operator verifies it again.")

    def owns_enterprise(self, enterprise_id: int | None) -> bool:
        return self.role == RoleCode.ENTERPRISE and enterprise_id is not None and self.enterprise_id == enterprise_id

    def owns_buyer(self, buyer_id: int | None) -> bool:
        return self.role == RoleCode.BUYER and buyer_id is not None and self.buyer_id == buyer_id

    def may_see_enterprise_private(self, enterprise_id: int) -> bool:
        return self.is_operator or self.owns_enterprise(enterprise_id)

    def may_see_buyer_private(self, buyer_id: int) -> bool:
        return self.is_operator or self.owns_buyer(buyer_id)


SYSTEM = Principal(user_id=None, role=RoleCode.OPERATOR, display_name="system")
