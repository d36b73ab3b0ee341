from django.urls import reverse
def test_smoke(record, users, client_for):
    c = client_for(users.admin)
    for url in [reverse("eligibility:proposals") + "?year=2024", reverse("eligibility:proposals") + "?year=2024&award=cstd_cand",
                reverse("eligibility:recipient", args=["ca-nhan", "CA0001"]) + "?year=2024",
                reverse("eligibility:recipient", args=["don-vi", "CAH-A"]) + "?year=2024",
                reverse("eligibility:rules"), reverse("eligibility:rules") + "?goi=luat_2003", reverse("eligibility:check"),
                reverse("eligibility:proposals") + "?year=2024&xuat=xlsx"]:
        r = c.get(url)
        print(url, r.status_code, len(r.content))
        assert r.status_code == 200
    r = c.get(reverse("eligibility:recipient", args=["ca-nhan", "CA0001"]) + "?year=2024")
    open("/tmp/elig_rec.html","wb").write(r.content)
    r = c.get(reverse("eligibility:proposals") + "?year=2024")
    open("/tmp/elig_prop.html","wb").write(r.content)
    r = c.get(reverse("eligibility:rules"))
    open("/tmp/elig_rules.html","wb").write(r.content)
