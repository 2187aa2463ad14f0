export const common = {
  serviceTypes: {
    consultation: "Consultation",
    technical_support: "Technical support",
    urgent_critical: "Urgent critical work",
  },
  perHour: "{amount} per hour",
  languageName: { es: "Español", en: "English" },
  errors: {
    notFound: "Not found.",
    unauthorized: "Please sign in.",
    generic: "Something went wrong. Please try again.",
  },
};
