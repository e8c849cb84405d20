"""The client's address, scheme and host when Masthead runs behind reverse proxies.

Rate limits (anonymous suggestions, failed maintainer sign-ins) count per client address.
Behind nginx or a load balancer every request arrives from the proxy, so all readers would
share one budget, and one attacker could use it up for everyone. With PROXY_HOPS = n,
werkzeug's ProxyFix takes the address, scheme, host and prefix from the X-Forwarded-*
headers as the n-th proxy from the app's side set them. Off (0) by default: with nothing in
front, those headers are whatever the client chose to send and must not be believed.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PROXY_HOPS", 0))
    if hops < 0:
        raise ValueError(f"PROXY_HOPS must be 0 or more, not {hops}")
    if hops:
        # Outermost layer: the response cache and Flask both see the corrected environ.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )
