//! Caller-supplied text is capped wherever it is quoted back (error bodies, log lines), and input the gateway cannot forward faithfully is refused.
