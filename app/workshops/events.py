"""Socket.IO handlers of the live board (shared/REALTIME.md)."""
