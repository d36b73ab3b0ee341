import pytest, datetime as dt
from thidua.imports import engine
from thidua.awards.models import Award, Decision
from thidua.imports.tests.conftest import write_xlsx
H = ["Số quyết định","Ngày quyết định","Thẩm quyền","Hình thức khen thưởng","Đối tượng","Mã","Họ và tên / Tên tập thể","Mã đơn vị","Năm","Thành tích"]

def test_smoke(people, users, tmp_path):
    p = write_xlsx(tmp_path/"a.xlsx", [H,
      ["12/QĐ-CAT", dt.date(2021,12,20), "", "CSTĐCS", "Cá nhân", "CA0001", "Nguyễn Văn An", "CAX-A1", 2021, "Xuất sắc"],
      ["12/QĐ-CAT", "20/12/2021", "", "Chiến sĩ thi đua cơ sở", "ca nhan", "", "Tran Thi Binh", "CAH-A", "2021", ""],
      ["13/QĐ-CAT", "20/12/2021", "", "Đơn vị tiên tiến", "Tập thể", "CAX-A1", "Công an xã An Lạc", "CAH-A", "2015 - 2020", ""],
      ["14/QĐ-CAT", "20/12/2021", "", "Giấy khen", "Cá nhân", "", "Hoàng Văn Mới", "CAH-A", "2020", ""],
      ["14/QĐ-CAT", "20/12/2021", "", "Giấy khen", "Tập thể", "CAX-A9", "Xã mới", "CAH-A", "2020", ""],
    ])
    plan = engine.run_import("awards", p, options={"create_missing": True})
    print(plan.summary()); print(*plan.errors, sep="\n"); print(*plan.warnings, sep="\n")
    print(list(Decision.objects.values_list("number","authority","award_type__code")))
    print(list(Award.objects.values_list("person__code","unit__code","year_from","year_to","achievement")))
    plan = engine.run_import("awards", p, options={"create_missing": True})
    print(plan.summary()); print(*plan.errors, sep="\n"); print(*plan.warnings, sep="\n")
    out = tmp_path/"x.xlsx"
    print(engine.run_export("awards", out))
    plan = engine.run_import("awards", out)
    print(plan.summary()); print(*plan.errors, sep="\n"); print(*plan.warnings, sep="\n")
