"""Renovation 装修 (issue 16): applications, their review, fees through billing and permits."""
