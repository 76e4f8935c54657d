"""The investment incentives page's views."""
