"""Thi Đua: emulation and commendation work for Vietnamese public bodies."""
