export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "owner" | "agent";
  language: string;
}
