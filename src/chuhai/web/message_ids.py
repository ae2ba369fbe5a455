"""Message ids that templates build at run time (status, role and kind labels, service errors).

Listed here so that `make i18n` extracts them into the catalogs; N_ marks without translating.
"""

from chuhai.i18n import N_

STATUS_LABELS = [N_("Verified"), N_("Pending"), N_("Rejected"), N_("Active"), N_("Disabled"), N_("Open"),
                 N_("Matched"), N_("Closed"), N_("Archived")]
ROLE_LABELS = [N_("Operator role"), N_("Enterprise role"), N_("Buyer role"), N_("Provider role")]
KIND_LABELS = [N_("Manufacturer"), N_("Trading"), N_("Provider"), N_("Importer"), N_("Distributor"),
               N_("Retailer"), N_("Salon"), N_("Platform seller"), N_("Forwarder"), N_("Overseas warehouse"),
               N_("Customs broker"), N_("Finance")]
AUDIT_ACTIONS = [N_("Create"), N_("Update"), N_("Delete"), N_("Login"), N_("Import")]
IMPORT_KINDS = [N_("Enterprises"), N_("Products"), N_("Buyers"), N_("Demands"), N_("Order lines")]
JOB_STATES = [N_("Queued"), N_("Running"), N_("Done"), N_("Failed"), N_("Interrupted")]
SERVICE_ERRORS = [
    N_("Please sign in."), N_("Your role may not open this page."), N_("Your role may not do this."),
    N_("Wrong email or password."), N_("Too many failed sign-ins. Wait a few minutes and try again."),
    N_("Your account is waiting for the operator's verification."),
    N_("Your account is not active. Contact the operator."),
    N_("The form expired or did not come from this site (CSRF check failed). Reload and retry."),
    N_("No such enterprise."), N_("No such product."), N_("No such buyer."), N_("No such demand."),
    N_("No such industrial belt."), N_("No such user."), N_("No such import."), N_("No such token."),
    N_("Page not found."), N_("Method not allowed."), N_("Some fields are not valid."),
    N_("Something went wrong on our side. It has been logged."),
    N_("You can only add products to your own enterprise."),
    N_("You can only change your own enterprise's products."),
    N_("Only the operator sees enterprises that are not verified."),
    N_("Only the buyer who posted it can change a demand."),
    N_("Your role may not import this kind of record."),
    N_("An account with this email already exists."), N_("This credit code is already registered."),
]
