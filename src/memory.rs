//! The memory budget: bytes the gateway holds on callers' behalf — request bodies still arriving,
//! response bodies not yet written — counted across all connections, with a share per connection.
//!
//! Why a budget and not only limits per request: a body limit times the number of streams times the
//! number of connections is gigabytes, and a client decides how long it keeps each of them alive
//! (a body sent slowly, a response read never). The budget turns that product into one figure the
//! operator sets. A charge that would pass a connection's share is refused (its request gets a 503);
//! one that would pass the whole budget is refused too, and the connection holding the most is told
//! to close, so one hostile client cannot keep everyone else refused.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::Notify;

/// The process-wide budget.
#[derive(Debug)]
pub struct Budget {
    limit: usize,
    share: usize,
    /// Bytes held in all: the `memory_held_bytes` gauge itself, so the metric cannot drift.
    used: Gauge<i64, AtomicI64>,
    next_id: AtomicU64,
    /// Every open connection's account, to find the costliest when the budget runs out.
    accounts: Mutex<HashMap<u64, Weak<Account>>>,
}

/// Why a charge was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exhausted {
    /// The connection's share is used up.
    Connection,
    /// The whole budget is used up.
    Budget,
}

impl Budget {
    /// A budget of `limit` bytes in all, `share` of them at most per connection, counted in `used`.
    pub fn new(limit: usize, share: usize, used: Gauge<i64, AtomicI64>) -> Arc<Self> {
        Arc::new(Self {
            limit,
            share: share.min(limit),
            used,
            next_id: AtomicU64::new(0),
            accounts: Mutex::new(HashMap::new()),
        })
    }

    /// Bytes held now, in all.
    pub fn used(&self) -> usize {
        usize::try_from(self.used.get()).unwrap_or(0)
    }

    /// A new connection's account, registered until it is dropped.
    pub fn open(self: &Arc<Self>) -> Arc<Account> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let account = Arc::new(Account {
            id,
            budget: self.clone(),
            share: self.share,
            used: AtomicUsize::new(0),
            close: Notify::new(),
        });
        self.lock().insert(id, Arc::downgrade(&account));
        account
    }

    /// An account that belongs to no connection (requests served without the listener, as in
    /// tests): it has the whole budget as its share and is never told to close.
    pub fn unshared(self: &Arc<Self>) -> Arc<Account> {
        Arc::new(Account {
            id: u64::MAX,
            budget: self.clone(),
            share: self.limit,
            used: AtomicUsize::new(0),
            close: Notify::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Weak<Account>>> {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells the connection holding the most to close (it frees what it holds as it goes).
    fn close_costliest(&self) {
        let costliest = self
            .lock()
            .values()
            .filter_map(Weak::upgrade)
            .max_by_key(|account| account.used());
        if let Some(account) = costliest.filter(|a| a.used() > 0) {
            account.close.notify_one();
        }
    }
}

/// One connection's part of the budget.
#[derive(Debug)]
pub struct Account {
    id: u64,
    budget: Arc<Budget>,
    share: usize,
    used: AtomicUsize,
    /// Notified when the budget ran out and this connection holds the most.
    pub close: Notify,
}

impl Account {
    /// Bytes this connection holds now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Charges `bytes`, held until the returned charge is dropped.
    pub fn charge(self: &Arc<Self>, bytes: usize) -> Result<Charge, Exhausted> {
        let mut charge = Charge {
            account: self.clone(),
            bytes: 0,
        };
        charge.grow(bytes)?;
        Ok(charge)
    }

    fn take(&self, bytes: usize) -> Result<(), Exhausted> {
        if self.used.fetch_add(bytes, Ordering::Relaxed) + bytes > self.share {
            self.used.fetch_sub(bytes, Ordering::Relaxed);
            return Err(Exhausted::Connection);
        }
        let signed = i64::try_from(bytes).unwrap_or(i64::MAX);
        let before = usize::try_from(self.budget.used.inc_by(signed)).unwrap_or(0);
        if before + bytes > self.budget.limit {
            self.budget.used.dec_by(signed);
            self.used.fetch_sub(bytes, Ordering::Relaxed);
            self.budget.close_costliest();
            return Err(Exhausted::Budget);
        }
        Ok(())
    }

    fn give_back(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
        self.budget.used.dec_by(i64::try_from(bytes).unwrap_or(i64::MAX));
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        if self.id != u64::MAX {
            self.budget.lock().remove(&self.id);
        }
    }
}

/// Bytes held against an account; given back when dropped.
#[derive(Debug)]
pub struct Charge {
    account: Arc<Account>,
    bytes: usize,
}

impl Charge {
    /// Charges `bytes` more (a body's next chunk); on refusal what is held stays held.
    pub fn grow(&mut self, bytes: usize) -> Result<(), Exhausted> {
        self.account.take(bytes)?;
        self.bytes += bytes;
        Ok(())
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.account.give_back(self.bytes);
    }
}

pin_project_lite::pin_project! {
    /// A response body that holds its charge until it has been written or dropped.
    pub struct ChargedBody<B> {
        #[pin]
        inner: B,
        _charge: Charge,
    }
}

impl<B> ChargedBody<B> {
    /// `inner`, holding `charge`.
    pub fn new(inner: B, charge: Charge) -> Self {
        Self { inner, _charge: charge }
    }
}

impl<B: http_body::Body> http_body::Body for ChargedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_cannot_take_more_than_its_share() {
        let budget = Budget::new(1000, 300, Gauge::default());
        let account = budget.open();
        let held = account.charge(200).unwrap();
        assert_eq!(account.charge(101).unwrap_err(), Exhausted::Connection);
        assert_eq!((account.used(), budget.used()), (200, 200));
        drop(held);
        assert_eq!((account.used(), budget.used()), (0, 0));
        assert!(account.charge(300).is_ok());
    }

    #[tokio::test]
    async fn over_the_budget_the_costliest_connection_is_told_to_close() {
        let budget = Budget::new(1000, 400, Gauge::default());
        let (small, big, third) = (budget.open(), budget.open(), budget.open());
        let _a = small.charge(250).unwrap();
        let mut growing = big.charge(100).unwrap();
        growing.grow(300).unwrap();
        let _c = third.charge(300).unwrap();
        let told = big.close.notified();
        assert_eq!(third.charge(100).unwrap_err(), Exhausted::Budget);
        assert_eq!(budget.used(), 950);
        tokio::time::timeout(std::time::Duration::from_secs(1), told)
            .await
            .expect("the connection holding 400 bytes was told to close");
        drop(growing);
        assert_eq!(budget.used(), 550);
        assert!(third.charge(100).is_ok());
    }

    #[test]
    fn closed_connections_leave_the_registry() {
        let budget = Budget::new(1000, 400, Gauge::default());
        let account = budget.open();
        assert_eq!(budget.lock().len(), 1);
        drop(account);
        assert!(budget.lock().is_empty());
    }
}
