"""records: the dataclass subset the hook's modules use, with the same behaviour."""
from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from aiguard.records import FrozenInstanceError, astuple, field, fields, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    KIND: ClassVar[str] = 'point'


@record
class Bag:
    name: str
    items: list[int] = field(default_factory=list)


@record(frozen=True)
class Point3(Point):
    z: int = 0


def test_init_positional_keyword_and_defaults():
    assert Point(1) == Point(x=1, y=0, tags=())
    assert Point(1, 2).y == 2
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=3)  # type: ignore[call-arg]


def test_class_variables_are_not_fields():
    assert fields(Point) == ('x', 'y', 'tags')
    assert Point.KIND == 'point'


def test_factory_gives_each_instance_its_own_value():
    a, b = Bag('a'), Bag('b')
    a.items.append(1)
    assert b.items == []
    assert Bag('c', [3]).items == [3]


def test_frozen_fields_cannot_change():
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.y
    assert p.x == 1


def test_mutable_records_change_and_are_unhashable():
    b = Bag('a')
    b.name = 'b'
    assert b.name == 'b'
    with pytest.raises(TypeError):
        hash(b)


def test_equality_and_hash_follow_the_fields():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert hash(Point(1, 2, ('a',))) == hash(Point(1, 2, ('a',)))
    assert len({Point(1), Point(1), Point(2)}) == 2
    assert Point(1) != Point3(1)  # a subclass is another type, as with dataclasses
    assert Point(1) != (1, 0, ())


def test_repr_names_every_field():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Bag('a', [1])) == "Bag(name='a', items=[1])"


def test_subclass_inherits_fields_and_defaults():
    p = Point3(1, z=5)
    assert fields(p) == ('x', 'y', 'tags', 'z')
    assert (p.x, p.y, p.z) == (1, 0, 5)
    assert astuple(p) == (1, 0, (), 5)


def test_replace_copies_with_changes_and_rejects_unknown_fields():
    p = Point(1, 2)
    q = replace(p, y=9)
    assert (p.y, q.y, q.x) == (2, 9, 1)
    with pytest.raises(TypeError, match='no field'):
        replace(p, w=1)


def test_post_init_runs_after_the_fields_are_set():
    @record
    class Counted:
        n: int
        double: int = 0

        def __post_init__(self) -> None:
            self.double = self.n * 2

    assert Counted(4).double == 8


def test_records_survive_pickle_and_copy():
    # results of the forked scan workers come back pickled
    for value in (Point3(1, 2, ('t',), 3), Bag('a', [1, 2])):
        assert pickle.loads(pickle.dumps(value)) == value  # aiguard: ignore[PY007] bytes this test just made
        assert copy.deepcopy(value) == value


def test_init_is_compiled_on_first_use_and_then_is_the_class_own() -> None:
    @record
    class Lazy:
        a: int
        b: str = 'x'

    stub = Lazy.__dict__['__init__']
    first = Lazy(1)
    compiled = Lazy.__dict__['__init__']
    assert compiled is not stub
    assert compiled.__qualname__.endswith('Lazy.__init__')
    assert (first.a, first.b) == (1, 'x')
    assert Lazy(2, b='y') == Lazy(2, 'y')
    # a reference to the first __init__ taken before (a subclass's super() call) still works
    other = object.__new__(Lazy)
    stub(other, 3)
    assert other.a == 3
    with pytest.raises(TypeError):
        Lazy()


def test_a_plain_subclass_instantiated_first_compiles_the_base_init() -> None:
    @record
    class Base:
        a: int

    class Child(Base):
        pass

    assert Child(5).a == 5
    assert Base.__dict__['__init__'].__qualname__.endswith('Base.__init__')
    assert Base(6).a == 6
