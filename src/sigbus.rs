//! TEMPORARY STUB (replaced by the real module).
pub fn install() {}
pub struct Guard;
impl Guard {
    pub fn faulted(&self) -> bool {
        false
    }
}
pub fn guard(_p: *const u8, _l: usize) -> Guard {
    Guard
}
