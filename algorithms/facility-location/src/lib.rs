//! Facility location (work in progress).
