# Uncaught error where ^^^ and ~~~ markers point at a sub-expression of a binary op and a call.
class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.next = nxt


def length(n):
    return 1 + (length(n.next) if n.next else 0)


head = Node(1, Node(2, Node(3)))
print(length(head))
print(head.val + head.next.val + head.next.next.val)
print(head.val + head.next.next.next.val * 2)
