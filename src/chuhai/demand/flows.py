"""What posting or changing a demand sets off in other domains. The pages and the API call these
instead of `demand.service`, which knows only demands; each function shows every consequence.

- Posting a demand: it is stored (`demand.service`), matched against the catalog with its short
  list stored, the enterprises with a good match notified (`matching.service.match_posted_demand`),
  and, once the transaction commits, the reverse match index (product → demands) picks it up.
- Restricted-party screening (`compliance.flows`): a buyer is screened when created or changed; a new
  demand of a buyer under review is held (stored, not matched) until the operator clears the buyer.
- Changing a demand or its status: the reverse index picks up the change after the commit. Its
  stored short list stays as it is until someone asks for it again ("Match again").
- Demands written in bulk (an import, the demo): the index compares itself with the database
  after the commit; they are not matched one by one here (`chuhai match reindex --rematch`, or
  on first view of each demand).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.compliance import flows as compliance
from chuhai.demand import service
from chuhai.demand.models import Buyer, Demand
from chuhai.demand.schemas import BuyerIn, DemandIn
from chuhai.matching import service as matching
from chuhai.types import DemandStatus


def post_demand(session: Session, actor: Principal, data: DemandIn, data_dir: Path | None = None) -> Demand:
    """Store a buyer's new demand, match it and notify the enterprises with a good match — unless its buyer's
    restricted-party screening holds it (then it is matched when the operator clears the buyer)."""
    demand = service.create_demand(session, actor, data)
    if compliance.hold_demand(session, demand):
        return demand
    matching.match_posted_demand(session, demand, data_dir)
    matching.keep_index_current(session, demands=[demand.id])
    return demand


def create_buyer(session: Session, actor: Principal, data: BuyerIn) -> Buyer:
    """A new buyer, screened against the restricted-party lists."""
    buyer = service.create_buyer(session, actor, data)
    compliance.screen_buyer(session, buyer)
    return buyer


def update_buyer(session: Session, actor: Principal, buyer_id: int, data: BuyerIn) -> Buyer:
    """A changed buyer (its name or country may have changed) is screened again."""
    buyer = service.update_buyer(session, actor, buyer_id, data)
    compliance.screen_buyer(session, buyer)
    return buyer


def change_demand(session: Session, actor: Principal, demand_id: int, data: DemandIn) -> Demand:
    demand = service.update_demand(session, actor, demand_id, data)
    matching.keep_index_current(session, demands=[demand.id])
    return demand


def set_demand_status(session: Session, actor: Principal, demand_id: int, status: DemandStatus) -> Demand:
    """A closed (or matched) demand leaves the reverse index: suppliers stop finding it."""
    demand = service.set_demand_status(session, actor, demand_id, status)
    matching.keep_index_current(session, demands=[demand.id])
    return demand


def demands_written_in_bulk(session: Session) -> None:
    """Demands inserted or updated by Core statements (an import, the demo): after the commit the match
    index compares its open demands with the database."""
    matching.keep_index_current(session, everything=True)
