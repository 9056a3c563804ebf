//! Placeholder for the Yew single-page app (issue 3).
