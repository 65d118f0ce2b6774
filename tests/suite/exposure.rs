//! What the gateway exposes and how: static documents compressed once, security headers on the docs UI, the docs served only on the metrics listener when asked, and the Host rules of HTTP/1.1.
