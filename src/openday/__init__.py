"""openday: runs a jurisdiction's year of 政务公开主题日 activities."""
