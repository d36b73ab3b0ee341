"""Demo accounts, one per role, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.accounts.models import Role, User
from thidua.demo.units import CLERK_DISTRICT, CLERK_UNIT
from thidua.org.models import Unit

DEMO_PASSWORD = "thidua-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    label: str  # how the credentials line introduces it
    role: str
    unit_code: str | None = None
    superuser: bool = False


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount("admin", "Tài khoản quản trị", Role.ADMIN, superuser=True),
        DemoAccount("canbo_tinh", "Cán bộ thi đua cấp tỉnh", Role.PROVINCE_OFFICER),
        # The clerk of the former Công an huyện Đông Sơn keeps the name it had; since the
        # district ended it works for the commune police that took over its area.
        DemoAccount(
            f"vanthu_{CLERK_DISTRICT.lower()}",
            "Cán bộ thi đua đơn vị",
            Role.UNIT_CLERK,
            unit_code=CLERK_UNIT,
        ),
        DemoAccount("hoidong", "Thành viên Hội đồng thi đua, khen thưởng", Role.COUNCIL_MEMBER),
        DemoAccount("xem", "Tài khoản chỉ xem", Role.VIEWER),
    ]


def ensure_demo_accounts() -> list[tuple[DemoAccount, User, bool]]:
    """Create the missing demo accounts; existing ones (and their passwords) are left alone."""
    out = []
    for spec in demo_accounts():
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if created:
            unit = Unit.objects.filter(code=spec.unit_code).first() if spec.unit_code else None
            user = User.objects.create_user(
                username=spec.username,
                password=DEMO_PASSWORD,
                role=spec.role,
                unit=unit,
                is_superuser=spec.superuser,
                is_staff=spec.superuser,
            )
        out.append((spec, user, created))
    return out


def credentials_lines(accounts: list[tuple[DemoAccount, User, bool]]) -> list[str]:
    lines = []
    for spec, user, created in accounts:
        where = f" ({user.unit.name})" if user.unit_id else ""
        note = "" if created else " (đã có từ trước, mật khẩu giữ nguyên)"
        lines.append(f"{spec.label}{where}: {spec.username} / {DEMO_PASSWORD}{note}")
    return lines
