"""Typed records for the modules a commit hook imports: the part of dataclasses they use.

`dataclasses` costs a commit hook ~10 ms to import (it pulls in inspect, ast and
tokenize) and ~0.4 ms per class; the hook defines ~35 record classes, so that was
a quarter of a docs-only commit. `record` builds the same methods (``__init__``
with defaults and factories, ``__repr__``, ``__eq__``, ``__hash__`` when frozen,
read-only attributes when frozen) from one small generated function per class,
compiled when the class is first instantiated.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs a hook start-up ~2 ms; annotations are strings here
    from typing import Any, Callable, TypeVar, overload

    from typing_extensions import dataclass_transform

    T = TypeVar('T')

_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """A field's default, when it is not a plain value."""

    __slots__ = ('default_factory',)

    def __init__(self, default_factory: Callable[[], Any]) -> None:
        self.default_factory = default_factory


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made fresh for every instance (like dataclasses.field)."""
    return Field(default_factory)  # type: ignore[return-value]  # the class body's stand-in, replaced by __init__


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f'cannot assign to field {name!r}')


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f'cannot delete field {name!r}')


def _own_fields(cls: type) -> list[str]:
    annotations = cls.__dict__.get('__annotations__', {})
    return [name for name, kind in annotations.items()
            if not (isinstance(kind, str) and kind.startswith(('ClassVar', 'typing.ClassVar')))]


def _build(cls: type, frozen: bool) -> type:
    names: list[str] = []
    for base in reversed(cls.__mro__[1:]):
        for name in getattr(base, '__record_fields__', ()):
            if name not in names:
                names.append(name)
    names += [name for name in _own_fields(cls) if name not in names]
    defaults: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        defaults.update(getattr(base, '__record_defaults__', {}))
    for name in _own_fields(cls):
        if name in cls.__dict__:
            value = cls.__dict__[name]
            defaults[name] = value
            if isinstance(value, Field):
                delattr(cls, name)
    params, body = [], []
    env: dict[str, Any] = {'_MISSING': _MISSING}
    for name in names:
        default = defaults.get(name, _MISSING)
        if default is _MISSING:
            params.append(name)
        elif isinstance(default, Field):
            env[f'_f_{name}'] = default.default_factory
            params.append(f'{name}=_MISSING')
            body.append(f'    if {name} is _MISSING: {name} = _f_{name}()')
        else:
            env[f'_d_{name}'] = default
            params.append(f'{name}=_d_{name}')
    if names:
        body.append('    _s = self.__dict__')
        body += [f'    _s[{name!r}] = {name}' for name in names]
    if hasattr(cls, '__post_init__'):
        body.append('    self.__post_init__()')
    source = f'def __init__(self, {", ".join(params)}):\n' + ('\n'.join(body) or '    pass') + '\n'
    fields_tuple = tuple(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        # compiled on first use: a commit hook defines ~35 records and makes a dozen of them
        init = env.get('__init__')
        if init is None:
            init = _compile_init(cls, source, env)
            if cls.__dict__.get('__init__') is __init__:
                cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        inner = ', '.join(f'{n}={self.__dict__[n]!r}' for n in fields_tuple)
        return f'{type(self).__qualname__}({inner})'

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        d, o = self.__dict__, other.__dict__
        return all(d[n] == o[n] for n in fields_tuple)

    __init__.__qualname__ = f'{cls.__qualname__}.__init__'
    cls.__init__ = __init__  # type: ignore[misc]
    cls.__record_fields__ = fields_tuple  # type: ignore[attr-defined]
    cls.__record_defaults__ = defaults  # type: ignore[attr-defined]
    if '__repr__' not in cls.__dict__:
        cls.__repr__ = __repr__  # type: ignore[assignment]
    if '__eq__' not in cls.__dict__:
        cls.__eq__ = __eq__  # type: ignore[assignment]
        if '__hash__' not in cls.__dict__:
            if frozen:
                def __hash__(self: Any) -> int:
                    d = self.__dict__
                    return hash(tuple(d[n] for n in fields_tuple))
                cls.__hash__ = __hash__  # type: ignore[assignment]
            else:
                cls.__hash__ = None  # type: ignore[assignment]
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    return cls


def _compile_init(cls: type, source: str, env: dict[str, Any]) -> Callable[..., None]:
    exec(source, env)  # aiguard: ignore[PY003] source generated from the class's own field names
    init: Callable[..., None] = env['__init__']
    init.__qualname__ = f'{cls.__qualname__}.__init__'
    return init


if TYPE_CHECKING:
    # What checkers see: a dataclass transform, so that fields, defaults, __init__ and frozen are checked.
    @overload
    def record(cls: type[T], /) -> type[T]: ...
    @overload
    def record(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...
    @dataclass_transform(field_specifiers=(field,))
    def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any: ...
else:
    def record(cls=None, /, *, frozen=False):
        """Class decorator: ``@record`` or ``@record(frozen=True)``, as with dataclasses.dataclass."""
        if cls is None:
            return lambda c: _build(c, frozen)
        return _build(cls, frozen)


def replace(obj: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (like dataclasses.replace)."""
    values = {name: obj.__dict__[name] for name in type(obj).__record_fields__}  # type: ignore[attr-defined]
    for name in changes:
        if name not in values:
            raise TypeError(f'{type(obj).__name__} has no field {name!r}')
    values.update(changes)
    return type(obj)(**values)


def fields(obj: object) -> tuple[str, ...]:
    """The field names of a record or record class, in order."""
    return obj.__record_fields__  # type: ignore[attr-defined]


def astuple(obj: object) -> tuple[Any, ...]:
    """The field values of a record, in order (shallow, unlike dataclasses.astuple)."""
    return tuple(obj.__dict__[name] for name in fields(obj))
