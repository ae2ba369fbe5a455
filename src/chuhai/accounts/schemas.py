"""Account payloads for the API and the forms."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from chuhai.types import RoleCode, UtcDateTime


class SignupIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=200)
    display_name: str = Field(min_length=1, max_length=100)
    role: RoleCode
    # enterprise members
    enterprise_name_zh: str | None = None
    credit_code: str | None = None
    belt_code: str | None = None
    # buyers
    company: str | None = None
    country: str | None = None
    buyer_kind: str | None = None
    # service providers
    provider_name: str | None = None
    provider_kind: str | None = None


class TokenIn(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str
    name: str = "api"


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: UtcDateTime


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    role: str
    status: str
    enterprise_id: int | None
    buyer_id: int | None
    provider_id: int | None
    created_at: UtcDateTime
