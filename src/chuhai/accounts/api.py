"""JSON API: tokens, the current user, sign-up, and the operator's member verification."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from chuhai.accounts import flows, service
from chuhai.accounts.models import User
from chuhai.accounts.schemas import SignupIn, TokenIn, TokenOut, UserOut
from chuhai.errors import Conflict
from chuhai.web.deps import AnyUser, DbSession, Operator, client_address, known_device, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["accounts"], dependencies=[Depends(verify_csrf)])


@router.post("/auth/token", response_model=TokenOut, responses=errors(401, 429))
def create_token(body: TokenIn, request: Request, db: DbSession) -> TokenOut:
    """Exchange email and password for a bearer token (rate-limited like the sign-in page)."""
    user = service.authenticate(db, body.email, body.password, client_address(request),
                                known_device(request, body.email))
    token, record = service.issue_token(db, user, body.name)
    return TokenOut(access_token=token, expires_at=record.expires_at)


@router.get("/me", response_model=UserOut)
def me(db: DbSession, principal: AnyUser):
    return db.get(User, principal.user_id)


@router.post("/signup", response_model=UserOut, status_code=201, responses=errors(403, 409, 429))
def signup(body: SignupIn, request: Request, db: DbSession):
    """A new member, pending verification. An e-mail that has an account already gets a neutral refusal
    (its owner is notified); sign-ups are limited per address."""
    user = flows.signup(db, body, client_address(request))
    if user is None:
        db.commit()  # the owner's notification stays although this request is refused
        raise Conflict("This sign-up could not be completed. If you have an account already, sign in.")
    return user


@router.get("/admin/members/pending", response_model=list[UserOut])
def pending_members(db: DbSession, principal: Operator):
    return service.pending_users(db, principal)


class Decision(BaseModel):
    approve: bool


@router.post("/admin/members/{user_id}/decision", response_model=UserOut, responses=errors(409))
def decide(user_id: int, body: Decision, db: DbSession, principal: Operator):
    return flows.decide_user(db, principal, user_id, body.approve)
