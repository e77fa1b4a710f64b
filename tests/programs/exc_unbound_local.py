# Uncaught UnboundLocalError: a local read before assignment, and after del.
def counter():
    count = 0

    def bump():
        try:
            count += 1
        except UnboundLocalError as e:
            print("caught:", e)
    bump()
    return count


print(counter())


def after_del():
    x = 5
    del x
    try:
        return x
    except UnboundLocalError as e:
        print("caught:", e)


after_del()


def shadow(flag):
    if flag:
        value = "set"
    return value


print(shadow(True))
print(shadow(False))
