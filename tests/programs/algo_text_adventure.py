# stdin: look\ntake lamp\ngo north\ngo east\ninventory\ngo south\ntake key\ngo north\nunlock door\ngo east\ntake gold\ndance\ngo west\nquit\n
"""Text adventure state machine driven by stdin commands: rooms, inventory, locked doors, enum states, command dispatch."""
import sys
from enum import Enum, auto
class State(Enum):
    PLAYING = auto()
    WON = auto()
    QUIT = auto()
ROOMS = {
    "hall": {"desc": "A dusty hall.", "exits": {"north": "library", "south": "cellar"}, "items": ["lamp"]},
    "library": {"desc": "Shelves of books.", "exits": {"south": "hall", "east": "vault"}, "items": []},
    "cellar": {"desc": "It is dark and damp.", "exits": {"north": "hall"}, "items": ["key"], "dark": True},
    "vault": {"desc": "Glittering treasure!", "exits": {"west": "library"}, "items": ["gold"], "locked": True},
}
class Game:
    def __init__(self):
        self.room = "hall"
        self.inv = []
        self.state = State.PLAYING
        self.moves = 0
        self.handlers = {name[4:]: getattr(self, name) for name in dir(self) if name.startswith("cmd_")}
    def say(self, msg):
        print(f"[{self.moves:02d}] {msg}")
    def cmd_look(self, *args):
        r = ROOMS[self.room]
        if r.get("dark") and "lamp" not in self.inv:
            self.say("Too dark to see.")
            return
        items = ", ".join(r["items"]) or "nothing"
        self.say(f"{r['desc']} Exits: {', '.join(sorted(r['exits']))}. You see: {items}.")
    def cmd_go(self, direction=None, *rest):
        r = ROOMS[self.room]
        target = r["exits"].get(direction)
        if target is None:
            self.say(f"You can't go {direction}.")
            return
        if ROOMS[target].get("locked"):
            self.say(f"The {target} is locked.")
            return
        self.room = target
        self.cmd_look()
    def cmd_take(self, item=None, *rest):
        r = ROOMS[self.room]
        if r.get("dark") and "lamp" not in self.inv:
            self.say("You fumble in the dark.")
        elif item in r["items"]:
            r["items"].remove(item)
            self.inv.append(item)
            self.say(f"Taken {item}.")
            if item == "gold":
                self.state = State.WON
        else:
            self.say(f"No {item} here.")
    def cmd_inventory(self, *args):
        self.say("You carry: " + (", ".join(self.inv) or "nothing"))
    def cmd_unlock(self, what=None, *rest):
        if "key" not in self.inv:
            self.say("You have no key.")
        elif self.room == "library":
            ROOMS["vault"]["locked"] = False
            self.say("The vault door swings open.")
        else:
            self.say("Nothing to unlock here.")
    def cmd_quit(self, *args):
        self.state = State.QUIT
    def step(self, line):
        words = line.split()
        if not words:
            return
        self.moves += 1
        handler = self.handlers.get(words[0])
        if handler is None:
            self.say(f"I don't know how to {words[0]}.")
        else:
            handler(*words[1:])
game = Game()
for line in sys.stdin:
    game.step(line.strip())
    if game.state is not State.PLAYING:
        break
print("Final state:", game.state.name, "moves:", game.moves, "inventory:", sorted(game.inv))
