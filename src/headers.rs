//! Message headers: Authentication-Results, DKIM-Signature, From and Return-Path, and the DMARC alignment they imply (in progress).
