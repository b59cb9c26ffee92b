"""Helpers of the quality gates (issue 6): each module checks one thing over a built site folder.

The gates take a finished output folder and return a list of problems (empty when the site passes), so
the same code runs over the bundled site and over small fixture sites that prove each gate can fail.
"""
