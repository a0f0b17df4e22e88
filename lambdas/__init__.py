"""The call-center Lambda handlers of the AWS tutorial, in Python (one module per function).

Each module imports only the standard library, so deploy can zip it as is.
"""
