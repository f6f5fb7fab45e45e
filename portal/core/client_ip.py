"""The visitor's address, the one way every part of the portal reads it (django-ipware).

Without a trusted reverse proxy (`CLIENT_IP_HEADER` empty) the address is the socket peer
(REMOTE_ADDR): a header sent by the visitor could be forged, so none is read. Behind the reverse
proxy, the proxy overwrites one header with the address it saw (deploy/ sets `X-Real-IP`) and that
header is the client's address; REMOTE_ADDR would be the proxy's, shared by every visitor (it is
only used for a request that did not come through the proxy, such as a local health check).
django-axes, the sign-up throttle and the mandate signature log all call `client_ip`.
"""

from django.conf import settings
from ipware import get_client_ip


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request) -> str:
    """The visitor's IP address as text, or "" when none can be read."""
    header = settings.CLIENT_IP_HEADER
    order = [_meta_key(header), "REMOTE_ADDR"] if header else ["REMOTE_ADDR"]
    address, _routable = get_client_ip(request, request_header_order=order)
    return address or ""
