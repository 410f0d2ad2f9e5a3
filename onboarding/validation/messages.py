MESSAGES={}
def msg(key, **fmt):
    return key
